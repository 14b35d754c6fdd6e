"""Refuse request paths that hold NUL or other control characters, with a 400.

No URL of the site has them, and PostgreSQL cannot even compare a text value holding NUL: a
path like ``/licenses/CC-BY-4.0%00/`` reached a database lookup and failed there with a 500.
One check here covers every route. Query strings are left to the views (the OAI-PMH provider
must answer a NUL in an argument with its own ``badArgument`` error)."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ControlCharacterPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL.search(request.path):
            return HttpResponseBadRequest("The address holds control characters.")
        return self.get_response(request)
