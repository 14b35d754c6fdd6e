"""Polite HTTP: every request has a timeout, retries with exponential backoff, honours
``Retry-After`` on 429/503, sends a User-Agent, keeps to requests-per-second, asks for gzip,
and spools the body to a temporary file under a size limit (memory stays flat)."""

from __future__ import annotations

import email.utils
import tempfile
import time
from dataclasses import dataclass
from typing import IO

import requests

from .errors import ResponseTooLarge, TransportError

DEFAULT_USER_AGENT = "OER-Registry-Harvester/1.0 (+https://github.com/oer-registry)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
SPOOL_IN_MEMORY = 4 * 1024 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    timeout: float = 30.0  # connect and per-read timeout, seconds
    retries: int = 4
    backoff: float = 1.0  # first wait, doubled each retry
    max_wait: float = 300.0  # cap on Retry-After and backoff waits
    requests_per_second: float = 2.0
    user_agent: str = DEFAULT_USER_AGENT
    max_bytes: int = 1024 * 1024 * 1024


@dataclass
class Body:
    """A fetched response: status, headers and the decoded body spooled to a file."""

    status: int
    headers: dict[str, str]
    file: IO[bytes]
    size: int

    def read(self) -> bytes:
        self.file.seek(0)
        return self.file.read()

    def close(self) -> None:
        self.file.close()


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class PoliteSession:
    def __init__(self, policy: HttpPolicy | None = None, *, sleep=time.sleep):
        self.policy = policy or HttpPolicy()
        self.session = requests.Session()
        self.session.headers.update(
            {"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"}
        )
        self._sleep = sleep
        self._last_request = 0.0
        self.waits: list[float] = []  # every backoff / Retry-After wait, for tests and logs

    def _throttle(self) -> None:
        rps = self.policy.requests_per_second
        if rps and rps > 0:
            gap = 1.0 / rps - (time.monotonic() - self._last_request)
            if gap > 0:
                self._sleep(gap)
        self._last_request = time.monotonic()

    def _wait(self, seconds: float) -> None:
        seconds = min(seconds, self.policy.max_wait)
        self.waits.append(seconds)
        self._sleep(seconds)

    def get(self, url: str, params: dict | None = None) -> Body:
        """GET with retries. Returns any final status < 500 other than 429 (OAI servers answer
        errors with 4xx and an XML body, so the caller decides)."""
        policy = self.policy
        attempt = 0
        while True:
            attempt += 1
            self._throttle()
            try:
                response = self.session.get(url, params=params, timeout=policy.timeout, stream=True)
                try:
                    if response.status_code in RETRY_STATUSES:
                        if attempt > policy.retries:
                            raise TransportError(
                                f"HTTP {response.status_code} from {url} after {attempt} tries"
                            )
                        delay = retry_after_seconds(response.headers.get("Retry-After"))
                        self._wait(
                            delay if delay is not None else policy.backoff * 2 ** (attempt - 1)
                        )
                        continue
                    return self._spool(response)
                finally:
                    response.close()
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt > policy.retries:
                    raise TransportError(f"{url}: {exc} after {attempt} tries") from exc
                self._wait(policy.backoff * 2 ** (attempt - 1))
            except requests.exceptions.ChunkedEncodingError as exc:
                if attempt > policy.retries:
                    raise TransportError(f"{url}: truncated body after {attempt} tries") from exc
                self._wait(policy.backoff * 2 ** (attempt - 1))

    def _spool(self, response: requests.Response) -> Body:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        size = 0
        for chunk in response.iter_content(chunk_size=256 * 1024):
            size += len(chunk)
            if size > self.policy.max_bytes:
                spool.close()
                raise ResponseTooLarge(f"{response.url}: over {self.policy.max_bytes} bytes")
            spool.write(chunk)
        expected = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding")
        if expected and not encoded and expected.isdigit() and int(expected) != size:
            spool.close()
            raise requests.exceptions.ChunkedEncodingError(
                f"got {size} of {expected} bytes from {response.url}"
            )
        spool.seek(0)
        return Body(response.status_code, dict(response.headers), spool, size)
