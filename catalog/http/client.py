"""Polite HTTP, the one client for every outbound call (harvests, standards imports, link
checks): every request has a timeout, retries with exponential backoff, honours
``Retry-After`` on 429/503, sends the project's User-Agent, keeps to a per-host
requests-per-second (``HostThrottle``), asks for gzip, and spools the body to a temporary file
under size limits (memory stays flat).

Hostile or broken servers are bounded too. The whole response, body included, must arrive
within ``response_deadline`` seconds: a server that drips one byte every few seconds never
trips the per-read ``timeout``, so the exchange runs on a worker thread while the calling
thread watches the clock and, past the deadline, shuts the socket down. The calling thread
also calls ``tick`` (if given) at least once a second, during waits and while a response is
in flight, so a run can be aborted or stopped at its own deadline mid-request; whatever
``tick`` raises leaves ``get()`` at once, unretried. Bodies are decompressed here in bounded
slices, so a gzip bomb stops at ``max_decompressed_bytes`` instead of inflating in memory.

``request()`` can also leave redirects unfollowed and the body unread (a link checker's HEAD
and GET): the caller sees each hop's status and ``Location``.
"""

from __future__ import annotations

import contextlib
import email.utils
import socket
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import MalformedResponse, ResponseDeadlineExceeded, ResponseTooLarge, TransportError
from .throttle import HostThrottle

USER_AGENT = "OER-Registry/1.0 (+https://github.com/oer-registry)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
SPOOL_IN_MEMORY = 4 * 1024 * 1024
READ_SIZE = 64 * 1024  # bytes read from the socket at a time
DECODE_SLICE = 256 * 1024  # most decompressed bytes made from one step
TICK_EVERY = 1.0  # seconds between calls to ``tick`` while waiting
MB = 1024 * 1024


def user_agent(purpose: str = "") -> str:
    """The project's User-Agent, with what the request is for appended (``harvester``,
    ``link-check``, ``standards-import``) so a server operator can tell the callers apart."""
    return f"{USER_AGENT} {purpose}".strip()


@dataclass(frozen=True)
class HttpPolicy:
    """How one client fetches: timeouts, retries, politeness and size limits."""

    timeout: float = 30.0  # connect and per-read timeout, seconds
    retries: int = 4
    backoff: float = 1.0  # first wait, doubled each retry
    max_wait: float = 300.0  # cap on Retry-After and backoff waits
    requests_per_second: float = 2.0
    user_agent: str = USER_AGENT
    response_deadline: float = 120.0  # the whole response, body included, seconds
    max_response_bytes: int = 256 * MB  # the body as sent (compressed or not)
    max_decompressed_bytes: int = 256 * MB  # the body once decoded


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


# -- watched connections: the watching thread can shut an exchange's socket down ----------------
_current = threading.local()


class _Flight:
    """One exchange on a worker thread: its socket, its outcome, and a way to cut it off."""

    def __init__(self):
        self.done = threading.Event()
        self.result = None
        self.error: BaseException | None = None
        self._sock = None
        self._cancelled = False
        self._lock = threading.Lock()

    def attach(self, sock) -> None:
        with self._lock:
            self._sock = sock
            cancelled = self._cancelled
        if cancelled:
            _shut(sock)

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            sock = self._sock
        _shut(sock)

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled


def _shut(sock) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    def getresponse(self, *args, **kwargs):
        flight = getattr(_current, "flight", None)
        if flight is not None:
            flight.attach(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


# -- decoding in bounded slices ----------------------------------------------------------------
class _Decoder:
    """``Content-Encoding`` undone a slice at a time (never more than ``DECODE_SLICE`` bytes
    from one step, whatever the compression ratio)."""

    def __init__(self, encoding: str | None, url: str):
        self.encoding = (encoding or "identity").strip().lower()
        self.url = url
        if self.encoding in ("", "identity"):
            self._z = None
        elif self.encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._z = zlib.decompressobj()  # zlib-wrapped, as the RFC says; raw if not
        else:
            raise MalformedResponse(f"{url}: unsupported Content-Encoding {encoding!r}")
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            yield data
            return
        try:
            yield from self._inflate(data)
        except zlib.error as exc:
            raise MalformedResponse(f"{self.url}: a broken {self.encoding} body ({exc})") from exc

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._z.decompress(data, DECODE_SLICE)
            except zlib.error:
                if self.encoding == "deflate" and not self._started:
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no header
                    self._started = True
                    continue
                raise
            self._started = True
            if out:
                yield out
            if self._z.eof:
                data = self._z.unused_data
                if not data.strip(b"\0"):
                    return
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)  # another gzip member
                continue
            data = self._z.unconsumed_tail
            if not data and len(out) < DECODE_SLICE:
                return

    def flush(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


class PoliteSession:
    """One client. ``throttle`` spaces requests per host; by default a throttle of its own at
    the policy's ``requests_per_second`` (share one between sessions, e.g. across threads, to
    space them together). ``sleep`` does every wait, ``clock`` is what the response deadline
    and the default throttle read; ``headers`` are sent with every request."""

    def __init__(
        self,
        policy: HttpPolicy | None = None,
        *,
        sleep=time.sleep,
        tick: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        throttle: HostThrottle | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.policy = policy or HttpPolicy()
        self.session = requests.Session()
        adapter = _WatchedAdapter()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"}
        )
        self.session.headers.update(headers or {})
        self._sleep = sleep
        self._tick = tick
        self._clock = clock
        self.throttle = throttle or HostThrottle.per_second(
            self.policy.requests_per_second, clock=clock, sleep=sleep
        )
        self.waits: list[float] = []  # every backoff / Retry-After wait, for tests and logs

    def _pause(self, seconds: float) -> None:
        """Sleep ``seconds``; with a ``tick``, in slices of at most a second, ticking after each."""
        if self._tick is None:
            self._sleep(seconds)
            return
        while seconds > 0:
            step = min(TICK_EVERY, seconds)
            self._sleep(step)
            seconds -= step
            self._tick()

    def _throttle(self, url: str) -> None:
        self.throttle.wait(url, sleep=self._pause)

    def _wait(self, seconds: float) -> None:
        seconds = min(seconds, self.policy.max_wait)
        self.waits.append(seconds)
        self._pause(seconds)

    def get(self, url: str, params: dict | None = None) -> Body:
        """GET with retries. Returns any final status < 500 other than 429 (OAI servers answer
        errors with 4xx and an XML body, so the caller decides)."""
        return self.request("GET", url, params)

    def request(
        self,
        method: str,
        url: str,
        params: dict | None = None,
        *,
        follow_redirects: bool = True,
        read_body: bool = True,
    ) -> Body:
        """Like ``get`` for any method. Without ``follow_redirects`` a 3xx is returned as it
        is; without ``read_body`` (and for HEAD) the body is left unread and ``Body`` is
        empty. A status still worth retrying after every retry raises ``TransportError``
        with that ``status``."""
        policy = self.policy
        how = (method.upper(), follow_redirects, read_body)
        attempt = 0
        while True:
            attempt += 1
            self._throttle(url)
            try:
                outcome = self._exchange(url, params, how)
            except ResponseDeadlineExceeded as exc:
                if attempt > policy.retries:
                    raise ResponseDeadlineExceeded(f"{exc} after {attempt} tries") from exc
                self._wait(policy.backoff * 2 ** (attempt - 1))
                continue
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt > policy.retries:
                    raise TransportError(f"{url}: {exc} after {attempt} tries") from exc
                self._wait(policy.backoff * 2 ** (attempt - 1))
                continue
            except requests.exceptions.ChunkedEncodingError as exc:
                if attempt > policy.retries:
                    raise TransportError(f"{url}: truncated body after {attempt} tries") from exc
                self._wait(policy.backoff * 2 ** (attempt - 1))
                continue
            except requests.RequestException as exc:  # a bad URL, a bad redirect: not retried
                raise TransportError(f"{url}: {type(exc).__name__}: {exc}") from exc
            if isinstance(outcome, Body):
                return outcome
            status, retry_after = outcome
            if attempt > policy.retries:
                raise TransportError(
                    f"HTTP {status} from {url} after {attempt} tries", status=status
                )
            delay = retry_after_seconds(retry_after)
            self._wait(delay if delay is not None else policy.backoff * 2 ** (attempt - 1))

    # -- one exchange, watched -------------------------------------------------------------------
    def _exchange(self, url: str, params: dict | None, how: tuple):
        """One request and its whole body on a worker thread; this thread ticks and keeps the
        deadline. Returns a ``Body`` or ``(status, Retry-After)`` for a status worth retrying."""
        flight = _Flight()
        worker = threading.Thread(
            target=self._fly, args=(flight, url, params, how), name="polite-http", daemon=True
        )
        deadline = self.policy.response_deadline
        started = self._clock()
        worker.start()
        try:
            while True:
                left = deadline - (self._clock() - started) if deadline else None
                if left is not None and left <= 0:
                    raise ResponseDeadlineExceeded(
                        f"{url}: no complete response within the {deadline:g} s deadline"
                    )
                wait = TICK_EVERY if left is None else min(TICK_EVERY, left)
                if flight.done.wait(wait):
                    break
                if self._tick:
                    self._tick()
        except BaseException:
            flight.cancel()
            worker.join(TICK_EVERY)
            raise
        if flight.error is not None:
            raise flight.error
        return flight.result

    def _fly(self, flight: _Flight, url: str, params: dict | None, how: tuple) -> None:
        _current.flight = flight
        try:
            result = self._fetch(url, params, how)
        except BaseException as exc:  # noqa: BLE001 - handed to the watching thread, re-raised there
            flight.error = exc
        else:
            if flight.cancelled and isinstance(result, Body):
                result.close()  # nobody is waiting for it any more
            flight.result = result
        finally:
            _current.flight = None
            flight.done.set()

    def _fetch(self, url: str, params: dict | None, how: tuple):
        method, follow_redirects, read_body = how
        response = self.session.request(
            method,
            url,
            params=params,
            timeout=self.policy.timeout,
            stream=True,
            allow_redirects=follow_redirects,
        )
        try:
            if response.status_code in RETRY_STATUSES:
                return response.status_code, response.headers.get("Retry-After")
            if not read_body or method == "HEAD":
                empty = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - Body owns it
                return Body(response.status_code, dict(response.headers), empty, 0)
            return self._spool(response)
        finally:
            response.close()

    def _spool(self, response: requests.Response) -> Body:
        policy = self.policy
        url = response.url
        decoder = _Decoder(response.headers.get("Content-Encoding"), url)
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - Body owns it
        sent = size = 0

        def keep(piece: bytes) -> None:
            nonlocal size
            size += len(piece)
            if size > policy.max_decompressed_bytes:
                raise ResponseTooLarge(
                    f"{url}: response too large: over {policy.max_decompressed_bytes} bytes "
                    "decompressed (max_decompressed_bytes)"
                )
            spool.write(piece)

        try:
            try:
                for raw in response.raw.stream(READ_SIZE, decode_content=False):
                    sent += len(raw)
                    if sent > policy.max_response_bytes:
                        raise ResponseTooLarge(
                            f"{url}: response too large: over {policy.max_response_bytes} bytes "
                            "as sent (max_response_bytes)"
                        )
                    for piece in decoder.feed(raw):
                        keep(piece)
                keep(decoder.flush())
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise requests.exceptions.ChunkedEncodingError(f"{url}: {exc}") from exc
            expected = response.headers.get("Content-Length")
            if expected and expected.isdigit() and int(expected) != sent:
                raise requests.exceptions.ChunkedEncodingError(
                    f"got {sent} of {expected} bytes from {url}"
                )
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return Body(response.status_code, dict(response.headers), spool, size)
