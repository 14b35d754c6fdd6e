"""HTTP for standards imports: the project's polite client (``catalog.http``: timeout,
retries with backoff honouring ``Retry-After``, a per-host throttle, size limits) with the
standards importer's User-Agent and an ``Accept`` for the formats it reads."""

from __future__ import annotations

import time

from catalog.http import HttpError, HttpPolicy, PoliteSession, user_agent

from .base import StandardsImportError

USER_AGENT = user_agent("standards-import")
ACCEPT = "application/json, application/rdf+xml;q=0.9, */*;q=0.5"


def session(retries: int = 3, *, sleep=time.sleep) -> PoliteSession:
    policy = HttpPolicy(
        timeout=60.0,
        retries=retries,
        backoff=0.5,
        max_wait=60.0,
        requests_per_second=4.0,
        user_agent=USER_AGENT,
        response_deadline=300.0,
    )
    return PoliteSession(policy, sleep=sleep, headers={"Accept": ACCEPT})


def fetch(http: PoliteSession, url: str) -> bytes:
    """The body of a 200 answer; anything else is a ``StandardsImportError``."""
    try:
        body = http.get(url)
    except HttpError as exc:
        raise StandardsImportError(url, f"request failed: {exc}") from exc
    try:
        if body.status != 200:
            raise StandardsImportError(url, f"HTTP {body.status}")
        return body.read()
    finally:
        body.close()
