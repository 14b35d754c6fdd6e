"""``manage.py licenses load | resolve | compatible | unresolved | relink``.

Thin: parse the arguments, call a service or selector, print.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from catalog.licenses import rules, selectors, services
from catalog.licenses.resolver import resolve


def _resolution_dict(raw: str, res) -> dict:
    lic = res.license
    return {
        "input": raw,
        "license": lic.key if lic else None,
        "uri": (lic.uri or None) if lic else None,
        "confidence": res.confidence,
        "reason": res.reason,
    }


class Command(BaseCommand):
    help = "The license registry: load the data file, resolve strings, check remix compatibility."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load catalog/licenses/data/licenses.json (idempotent)")
        load.add_argument("--file", default=str(services.DATA_FILE))
        res = sub.add_parser("resolve", help="resolve license strings")
        res.add_argument("strings", nargs="+")
        res.add_argument("--json", action="store_true", help="one JSON object per line")
        comp = sub.add_parser("compatible", help="which licenses may a remix of these carry")
        comp.add_argument("licenses", nargs="+", help="license strings, keys or URLs")
        comp.add_argument("--json", action="store_true")
        unres = sub.add_parser("unresolved", help="the curator review queue, most frequent first")
        unres.add_argument("--limit", type=int, default=None)
        unres.add_argument("--json", action="store_true")
        sub.add_parser("relink", help="re-resolve every material's license string")

    def handle(self, *args, action, **opts):
        getattr(self, f"_{action}")(**opts)

    def _load(self, file, **_):
        try:
            result = services.license_registry_load(file)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot load {file}: {exc}") from exc
        self.stdout.write(
            f"licenses: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, "
            f"{result.not_in_file} in the database but not in the file"
        )

    def _resolve(self, strings, json=False, **_):
        for raw in strings:
            row = _resolution_dict(raw, resolve(raw))
            if json:
                self.stdout.write(_dumps(row))
            else:
                self.stdout.write(
                    f"{raw!r}\t{row['license'] or '-'}\t{row['confidence'] or '-'}\t{row['reason']}"
                )

    def _compatible(self, licenses, json=False, **_):
        resolved = []
        for raw in licenses:
            res = resolve(raw)
            if res.license is None:
                raise CommandError(f"{raw!r}: {res.reason}")
            resolved.append(rules.LicenseTerms.of(res.license, label=raw))
        answer = rules.compatibility(resolved)
        if json:
            self.stdout.write(_dumps(answer.as_dict()))
            return
        for kind, verdict in (("adaptation", answer.adaptation), ("collection", answer.collection)):
            if verdict.allowed:
                self.stdout.write(f"{kind}: may carry {', '.join(verdict.allowed)}")
            else:
                self.stdout.write(f"{kind}: not allowed")
            for reason in verdict.reasons:
                self.stdout.write(f"  - {reason}")

    def _unresolved(self, limit=None, json=False, **_):
        for item in selectors.unresolved_license_strings(limit):
            if json:
                self.stdout.write(
                    _dumps(
                        {
                            "input": item.raw,
                            "materials": item.materials,
                            "reason": item.resolution.reason,
                        }
                    )
                )
            else:
                self.stdout.write(f"{item.materials}\t{item.raw!r}\t{item.resolution.reason}")

    def _relink(self, **_):
        self.stdout.write(f"{services.materials_relink()} materials relinked")


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)
