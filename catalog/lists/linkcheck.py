"""A polite link checker: bounded concurrency, a minimum interval between requests to one
host, HEAD first and GET when HEAD is refused, redirects followed by hand and recorded.

Every request goes through the project's polite client (``catalog.http``: timeout, a retry
honouring ``Retry-After``, the User-Agent, a whole-response deadline) with one ``HostThrottle``
shared by all the checking threads. Pure HTTP (no database): ``check_urls`` returns one
``LinkResult`` per URL; the ``links_check`` service stores them and flags entries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin

from catalog.http import HostThrottle, HttpError, HttpPolicy, PoliteSession, user_agent

USER_AGENT = user_agent("link-check")
MAX_REDIRECTS = 10
# HEAD answers that often mean "this server does not do HEAD", not "the page is gone".
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    method: str
    status_code: int | None
    final_url: str = ""
    redirects: list = field(default_factory=list)
    error: str = ""
    elapsed_ms: int = 0

    @property
    def detail(self) -> str:
        return f"HTTP {self.status_code}" if self.status_code else self.error


class TooManyRedirects(HttpError):
    """A chain of redirects longer than ``MAX_REDIRECTS``."""


def link_policy(timeout: float = 10.0) -> HttpPolicy:
    """One retry (honouring a short ``Retry-After``), no body read: a link check stays quick.
    Spacing comes from the shared ``HostThrottle``, not the policy's rate."""
    return HttpPolicy(
        timeout=timeout,
        retries=1,
        backoff=1.0,
        max_wait=10.0,
        requests_per_second=0,
        user_agent=USER_AGENT,
        response_deadline=max(30.0, 3 * timeout),
    )


def _request(session: PoliteSession, method: str, url: str):
    """One request with redirects followed by hand, so each hop is throttled and recorded."""
    redirects = []
    current = url
    for _ in range(MAX_REDIRECTS):
        body = session.request(method, current, follow_redirects=False, read_body=False)
        body.close()
        location = body.headers.get("Location")
        if body.status in REDIRECTS and location:
            nxt = urljoin(current, location)
            redirects.append([body.status, nxt])
            current = nxt
            continue
        return body.status, current, redirects
    raise TooManyRedirects(f"more than {MAX_REDIRECTS} redirects from {url}")


def check_url(
    url: str,
    *,
    throttle: HostThrottle,
    timeout: float = 10.0,
    session: PoliteSession | None = None,
) -> LinkResult:
    session = session or PoliteSession(
        link_policy(timeout), throttle=throttle, sleep=throttle.sleep
    )
    started = time.monotonic()
    method = "HEAD"
    try:
        try:
            status, final, redirects = _request(session, "HEAD", url)
        except HttpError as exc:
            if getattr(exc, "status", None) not in RETRY_WITH_GET:
                raise
            status = exc.status
        if status in RETRY_WITH_GET:
            method = "GET"
            status, final, redirects = _request(session, "GET", url)
    except HttpError as exc:
        return LinkResult(
            url=url,
            ok=False,
            method=method,
            status_code=getattr(exc, "status", None),
            error=f"{type(exc).__name__}: {exc}"[:500],
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )
    return LinkResult(
        url=url,
        ok=status < 400,
        method=method,
        status_code=status,
        final_url=final,
        redirects=redirects,
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )


def check_urls(
    urls: Iterable[str],
    *,
    concurrency: int = 4,
    per_host_interval: float = 1.0,
    timeout: float = 10.0,
    throttle: HostThrottle | None = None,
) -> list[LinkResult]:
    """Check every URL, in input order; never more than ``concurrency`` at once."""
    throttle = throttle or HostThrottle(per_host_interval)
    policy = link_policy(timeout)
    local = threading.local()

    def run(url: str) -> LinkResult:
        if not hasattr(local, "session"):
            local.session = PoliteSession(policy, throttle=throttle, sleep=throttle.sleep)
        return check_url(url, throttle=throttle, timeout=timeout, session=local.session)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(run, list(urls)))
