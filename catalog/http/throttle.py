"""One request per interval to each host: the spacing every outbound client keeps to."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit


class HostThrottle:
    """At most one request per ``interval`` seconds to each host (thread-safe: concurrent
    callers queue for slots). ``clock`` and ``sleep`` are injectable so the spacing can be
    tested without waiting; ``interval`` 0 never waits."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = max(0.0, interval)
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    @classmethod
    def per_second(cls, requests_per_second: float | None, **kwargs) -> HostThrottle:
        """A throttle for a rate; 0 or None: no spacing."""
        rps = requests_per_second or 0
        return cls(1.0 / rps if rps > 0 else 0.0, **kwargs)

    def reserve(self, url: str) -> float:
        """Take the host's next slot; the seconds to wait for it (0: go now)."""
        if not self.interval:
            return 0.0
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = self.clock()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self.interval
        return slot - now

    def wait(self, url: str, sleep: Callable[[float], None] | None = None) -> None:
        """Wait for the host's next slot (with ``sleep``, or the throttle's own)."""
        delay = self.reserve(url)
        if delay > 0:
            (sleep or self.sleep)(delay)
