"""A polite link checker: bounded concurrency, a minimum interval between requests to one
host, HEAD first and GET when HEAD is refused, redirects followed and recorded.

Pure HTTP (no database): ``check_urls`` returns one ``LinkResult`` per URL; the
``links_check`` service stores them and flags entries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

USER_AGENT = "OER-Registry-LinkCheck/1.0 (+https://github.com/; approved lists)"
# HEAD answers that often mean "this server does not do HEAD", not "the page is gone".
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}


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


class HostThrottle:
    """At most one request per ``interval`` seconds to each host (thread-safe). ``clock`` and
    ``sleep`` are injectable so the spacing can be tested without waiting."""

    def __init__(self, interval: float, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


def _request(session, method: str, url: str, throttle: HostThrottle, timeout: float):
    """One request with redirects followed by hand, so each hop is throttled and recorded."""
    redirects = []
    current = url
    for _ in range(10):
        throttle.wait(current)
        response = session.request(
            method, current, allow_redirects=False, timeout=timeout, stream=(method == "GET")
        )
        response.close()
        location = response.headers.get("Location")
        if response.is_redirect and location:
            nxt = requests.compat.urljoin(current, location)
            redirects.append([response.status_code, nxt])
            current = nxt
            continue
        return response.status_code, current, redirects
    raise requests.TooManyRedirects(f"more than 10 redirects from {url}")


def check_url(
    url: str, *, throttle: HostThrottle, timeout: float = 10.0, session=None
) -> LinkResult:
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    started = time.monotonic()
    method = "HEAD"
    try:
        status, final, redirects = _request(session, "HEAD", url, throttle, timeout)
        if status in RETRY_WITH_GET:
            method = "GET"
            status, final, redirects = _request(session, "GET", url, throttle, timeout)
    except requests.RequestException as exc:
        return LinkResult(
            url=url,
            ok=False,
            method=method,
            status_code=None,
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
    local = threading.local()

    def run(url: str) -> LinkResult:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return check_url(url, throttle=throttle, timeout=timeout, session=local.session)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(run, list(urls)))
