"""LTI endpoints: login initiation, launch, the deep-linking picker, the tool's JWKS.

The launch is a cross-site form POST from the LMS, and the picker runs in the LMS's iframe
where our session and CSRF cookies (SameSite=Lax) are not sent: these views are CSRF-exempt
and carry the validated launch by its random launch id instead. The launch id is good for one
deep-linking response and expires after OER_LTI_LAUNCH_SECONDS.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .deep_linking import LINK, LTI_RESOURCE_LINK, content_item, response_jwt
from .framing import allow_platform_framing, frameable
from .keys import KeyUnavailable, published_jwks, signing_key
from .launch import LtiException, OIDCException, RegistryMessageLaunch, RegistryOIDCLogin
from .models import origin_of
from .picker import picker_context
from .storage import DbLaunchDataStorage
from .targets import UnknownTarget, resolve
from .tool_config import RegistryToolConf

CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"
TARGET_LINK = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
LAUNCH_ID = re.compile(r"^lti1p3-launch-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
MAX_PICKS = 50
JWKS_MAX_AGE = 300  # platforms re-read it soon after a rotation


def _error(request, message: str, status: int) -> HttpResponse:
    return render(request, "lti/error.html", {"message": message}, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@frameable
def login(request):
    """OIDC third-party login initiation: redirect to the platform with a state and nonce."""
    storage = DbLaunchDataStorage()
    storage.purge_expired()
    oidc = RegistryOIDCLogin(request, RegistryToolConf(), storage)
    try:
        return oidc.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except (OIDCException, LtiException) as exc:
        return _error(request, f"The login could not start: {exc}.", 400)


def _target_ref(data: dict) -> str:
    """The target of a resource link: its custom parameter, else the signed target URI's."""
    ref = (data.get(CUSTOM) or {}).get("target")
    if ref:
        return ref
    query = parse_qs(urlsplit(data.get(TARGET_LINK) or "").query)
    return (query.get("target") or [""])[0]


@csrf_exempt
@require_POST
@frameable
def launch(request):
    """A resource-link launch opens its target; a deep-linking launch opens the picker."""
    try:
        key = signing_key()
    except KeyUnavailable as exc:
        return _error(request, str(exc), 503)
    message = RegistryMessageLaunch(request, RegistryToolConf(key))
    try:
        data = message.get_launch_data()
    except LtiException as exc:
        return _error(request, f"This launch was refused: {exc}.", 403)
    if message.is_deep_link_launch():
        context = picker_context(message.get_launch_id(), data.get(DL_SETTINGS) or {}, "")
        return render(request, "lti/picker.html", context)
    if not message.is_resource_launch():
        return _error(request, "This kind of LTI message is not supported.", 400)
    try:
        target = resolve(_target_ref(data))
    except UnknownTarget as exc:
        return _error(request, f"Nothing to open here: {exc}.", 404)
    return render(request, "lti/resource.html", {"target": target})


@csrf_exempt
@require_POST
@frameable
def deep_link(request):
    """The picker: search (``action=search``) or send the picked items back (``return``)."""
    launch_id = request.POST.get("launch_id", "")
    if not LAUNCH_ID.match(launch_id):
        return _error(request, "This picker has no launch; start again from the LMS.", 400)
    storage = DbLaunchDataStorage()
    try:
        message = RegistryMessageLaunch.from_cache(
            launch_id, request, RegistryToolConf(signing_key()), launch_data_storage=storage
        )
    except (LtiException, KeyUnavailable) as exc:
        return _error(request, f"This picker has expired or was used: {exc}.", 403)
    data = message.get_launch_data()
    dl_settings = data.get(DL_SETTINGS) or {}
    if not message.is_deep_link_launch():
        return _error(request, "This launch is not a deep-linking request.", 400)
    if request.POST.get("action") != "return":
        context = picker_context(launch_id, dl_settings, request.POST.get("q", ""))
        return render(request, "lti/picker.html", context)
    return _deep_link_return(request, message, launch_id, dl_settings, storage)


def _deep_link_return(request, message, launch_id, dl_settings, storage):
    refs = list(dict.fromkeys(request.POST.getlist("pick")))[:MAX_PICKS]
    accept = dl_settings.get("accept_types") or []
    kind = request.POST.get("kind", LTI_RESOURCE_LINK)
    if kind not in (LTI_RESOURCE_LINK, LINK) or kind not in accept:
        return _error(request, "The LMS does not accept that kind of link.", 400)
    if len(refs) > 1 and dl_settings.get("accept_multiple") in (False, "false"):
        return _error(request, "The LMS accepts one item here; pick one.", 400)
    try:
        targets = [resolve(ref) for ref in refs]
    except UnknownTarget as exc:
        return _error(request, f"That item cannot be linked: {exc}.", 400)
    base = request.build_absolute_uri("/").rstrip("/")
    jwt_value, return_url = response_jwt(message, [content_item(t, kind, base) for t in targets])
    storage.delete_value(launch_id)  # one response per launch
    return_origin = origin_of(return_url)
    if return_origin is None:
        return _error(request, "The LMS gave no usable return address.", 400)
    response = render(
        request,
        "lti/deep_link_return.html",
        {"return_url": return_url, "jwt": jwt_value, "count": len(targets)},
    )
    return allow_platform_framing(response, form_targets=(return_origin,))


@require_GET
def jwks(request):
    """The tool's public keys (active and not yet retired), for platforms to verify us."""
    response = JsonResponse(published_jwks())
    response["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
