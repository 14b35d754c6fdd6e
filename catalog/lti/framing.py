"""Framing of LTI pages: allowed for the origins of enabled registered platforms, no others.

The rest of the site answers ``X-Frame-Options: DENY`` (production) and CSP
``frame-ancestors 'self'``. LTI responses drop X-Frame-Options (it cannot name several
origins) and replace ``frame-ancestors`` with 'self' plus the platforms' origins, which every
current browser enforces in its place.
"""

from __future__ import annotations

from functools import wraps

from .models import LtiPlatform


def platform_origins() -> list[str]:
    origins: list[str] = []
    for platform in LtiPlatform.objects.filter(enabled=True).only(
        "issuer", "auth_login_url", "frame_origins"
    ):
        origins.extend(platform.origins())
    return sorted(set(origins))


def allow_platform_framing(response, *, form_targets: tuple[str, ...] = ()):
    """Let registered platforms frame ``response``; ``form_targets`` are origins a form on it
    posts to (the deep-linking return URL)."""
    response.xframe_options_exempt = True
    replace = {"frame-ancestors": ["'self'", *platform_origins()]}
    if form_targets:
        replace["form-action"] = ["'self'", *form_targets]
    response._csp_replace = replace
    return response


def frameable(view):
    """View decorator: ``allow_platform_framing`` on every response the view returns, unless
    the view already set its own policy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(response, "_csp_replace", None) is None:
            allow_platform_framing(response)
        return response

    return wrapped
