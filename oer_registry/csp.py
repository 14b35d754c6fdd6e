"""The Content-Security-Policy middleware: django-csp's, with one policy for the Wagtail admin.

The public site gets ``CONTENT_SECURITY_POLICY`` as it is (no inline script). The Wagtail
admin ships a few inline scripts of its own (on the page explorer) and
asks releases.wagtail.org for the latest version, none of which we can move to a static file;
on paths under ``CONTENT_SECURITY_POLICY_ADMIN["PREFIXES"]`` the directives in its
``UPDATE`` are added to the policy. Staff pages stay covered by every other directive rather
than being exempted outright.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}
        prefixes = tuple(admin.get("PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes) and parts.update is None:
            parts.update = admin.get("UPDATE") or None
        return parts
