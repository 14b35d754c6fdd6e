"""``manage.py lti platform add|list|remove`` and ``manage.py lti keys list|rotate|retire``."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.lti.keys import lti_key_retire, lti_key_rotate
from catalog.lti.models import LtiKey, LtiPlatform
from catalog.lti.services import lti_platform_register, lti_platform_remove


class Command(BaseCommand):
    help = "Register LTI 1.3 platforms and manage the tool's signing keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        platform = sub.add_parser("platform").add_subparsers(dest="action", required=True)
        add = platform.add_parser("add", help="register (or update) a platform")
        add.add_argument("--name", required=True)
        add.add_argument("--issuer", required=True)
        add.add_argument("--client-id", required=True)
        add.add_argument("--deployment-id", action="append", required=True, dest="deployments")
        add.add_argument("--auth-login-url", required=True)
        add.add_argument("--auth-token-url", default="")
        add.add_argument("--jwks-url", default="")
        add.add_argument("--jwks-file", help="the platform's keyset as a JSON file")
        add.add_argument("--frame-origin", action="append", default=[], dest="frame_origins")
        platform.add_parser("list")
        remove = platform.add_parser("remove")
        remove.add_argument("pk", type=int)
        keys = sub.add_parser("keys").add_subparsers(dest="action", required=True)
        keys.add_parser("list")
        keys.add_parser("rotate", help="new signing key; the previous one stays published")
        retire = keys.add_parser("retire", help="stop publishing a key")
        retire.add_argument("kid")

    def handle(self, *args, area, action, **opts):
        getattr(self, f"_{area}_{action}")(**opts)

    def _platform_add(self, **o):
        jwks = None
        if o["jwks_file"]:
            with open(o["jwks_file"], encoding="utf-8") as fh:
                jwks = json.load(fh)
        try:
            p = lti_platform_register(
                name=o["name"],
                issuer=o["issuer"],
                client_id=o["client_id"],
                deployment_ids=o["deployments"],
                auth_login_url=o["auth_login_url"],
                auth_token_url=o["auth_token_url"],
                jwks_url=o["jwks_url"],
                public_jwks=jwks,
                frame_origins=o["frame_origins"],
            )
        except ValidationError as exc:
            problems = (f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError("; ".join(problems)) from exc
        self.stdout.write(f"platform {p.pk}: {p}")

    def _platform_list(self, **o):
        for p in LtiPlatform.objects.all():
            state = "enabled" if p.enabled else "disabled"
            deployments = ",".join(p.deployment_id_list)
            self.stdout.write(
                f"{p.pk}\t{p.name}\t{p.issuer}\t{p.client_id}\t{deployments}\t{state}"
            )

    def _platform_remove(self, pk, **o):
        if not lti_platform_remove(pk):
            raise CommandError(f"no platform {pk}")
        self.stdout.write(f"platform {pk} removed")

    def _keys_list(self, **o):
        for k in LtiKey.objects.all():
            self.stdout.write(str(k))

    def _keys_rotate(self, **o):
        key = lti_key_rotate()
        self.stdout.write(f"new signing key {key.kid}; earlier keys stay published until retired")

    def _keys_retire(self, kid, **o):
        try:
            lti_key_retire(kid)
        except LtiKey.DoesNotExist as exc:
            raise CommandError(f"no key {kid}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"key {kid} retired (no longer published)")
