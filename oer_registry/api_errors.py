"""Errors under /api/ answered as JSON, whatever raised them and whatever DEBUG says.

Django answers an unknown URL, a refused method, a suspicious request or a crash with an HTML
page (a technical one when DEBUG is on); an API client then gets markup it cannot read. This
middleware sits near the top of the stack and replaces any non-JSON error response under
``/api/`` with ``{"error": "<message>", "status": <code>}``, the shape the API's own errors
have (``error`` is the message, as the OpenAPI description says). Headers that matter to the
client (``Allow`` on a 405, ``Retry-After``) are kept; details of a server error are not
shown (they are logged as usual, since the exception is left to Django's handling).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
MESSAGES = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    500: "internal server error",
    503: "service unavailable",
}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
_NOT_FOUND_MESSAGE = "api_error_message"  # request attribute: the message of a view's Http404


def api_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message, "status": status}, status=status)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            request.GET  # noqa: B018 (parsed here so the limit gets a clear answer)
        except TooManyFieldsSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            return api_error(400, f"too many query parameters (at most {limit})")
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response):
            return response
        status = response.status_code
        message = MESSAGES.get(status, "error")
        if status == 404:
            found = getattr(request, _NOT_FOUND_MESSAGE, "")
            message = found or f"no such endpoint: {request.path}"
        elif status == 405 and response.get("Allow"):
            message = f"method {request.method} not allowed; use {response['Allow']}"
        answer = api_error(status, message)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """Keep the message of a view's Http404 (it is written for the user); let Django
        handle every exception as usual (logging, signals, the error response)."""
        if isinstance(exception, Http404) and request.path_info.startswith(API_PREFIX):
            message = str(exception.args[0]) if exception.args else ""
            setattr(request, _NOT_FOUND_MESSAGE, message[:200])
