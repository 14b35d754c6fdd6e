"""Writers on SQLite wait their turn: a request that meets "database is locked" is retried.

SQLite has one writer at a time. The busy timeout (``OER_SQLITE_BUSY_TIMEOUT``) makes a writer
wait for another's write transaction, and harvests keep theirs short, but a request can still
lose the race (a long write elsewhere, a burst of saves). Then the whole request is run again,
in one transaction, after a short backoff; if the database stays locked the visitor gets a
503 with ``Retry-After`` and a page that says to try again, never a 500.

The middleware runs the view itself from ``process_view`` inside ``transaction.atomic()``,
so a failed attempt leaves nothing half-written and a retry starts clean. It must be the
last entry of ``MIDDLEWARE``: middleware listed after it would not get their ``process_view``.
Only unsafe methods on SQLite are handled; other requests and databases pass through.
"""

from __future__ import annotations

import inspect
import logging
import time

from django.db import OperationalError, connection, transaction
from django.template.response import TemplateResponse

log = logging.getLogger(__name__)

RETRIES = 2
BACKOFF_SECONDS = 0.5
RETRY_AFTER_SECONDS = 5
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

sleep = time.sleep  # the backoff's clock; tests replace it


def is_locked_error(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY/LOCKED)."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


class SQLiteLockRetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or connection.vendor != "sqlite":
            return None
        if inspect.iscoroutinefunction(view_func):
            return None
        for attempt in range(RETRIES + 1):
            try:
                with transaction.atomic():
                    return view_func(request, *view_args, **view_kwargs)
            except OperationalError as exc:
                if not is_locked_error(exc) or connection.in_atomic_block:
                    raise
                log.warning(
                    "%s %s: database is locked (attempt %d of %d)",
                    request.method,
                    request.path,
                    attempt + 1,
                    RETRIES + 1,
                )
                if attempt < RETRIES:
                    sleep(BACKOFF_SECONDS * (attempt + 1))
        return _busy_response(request)


def _busy_response(request) -> TemplateResponse:
    response = TemplateResponse(
        request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
