"""One throttle for every client: requests to one host are spaced, other hosts are not held
up, concurrent callers queue, and the polite client waits through it (ticking). Time is an
injected clock; waits are recorded, never slept."""

import pytest

from catalog.http import HostThrottle, HttpPolicy, PoliteSession
from harvesters.testing.replay import ReplayServer, Reply


class FrozenClock:
    def __init__(self):
        self.now = 50.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))


@pytest.fixture
def replay():
    with ReplayServer() as server:
        server.add({}, Reply(b"<x/>"))
        yield server


def test_each_host_is_spaced_on_its_own():
    clock = FrozenClock()
    throttle = HostThrottle(0.5, clock=clock, sleep=clock.sleep)
    for url in ["http://a.example/1", "http://B.example/1", "http://a.example/2"]:
        throttle.wait(url)
    assert clock.waits == [0.5]
    throttle.wait("http://a.example/3")  # the clock stood still: it queues behind the 2nd
    assert clock.waits == [0.5, 1.0]
    clock.now += 10
    throttle.wait("http://a.example/4")
    assert clock.waits == [0.5, 1.0]


def test_a_rate_of_zero_never_waits():
    clock = FrozenClock()
    throttle = HostThrottle.per_second(0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        throttle.wait("http://a.example/")
    assert clock.waits == []


def test_the_client_spaces_requests_per_host_and_ticks_while_it_waits(replay):
    clock = FrozenClock()
    ticks = []
    session = PoliteSession(
        HttpPolicy(requests_per_second=0.4, retries=0),
        sleep=clock.sleep,
        clock=clock,
        tick=lambda: ticks.append(1),
    )
    port = replay.url.split(":")[-1].split("/")[0]
    for host in ("127.0.0.1", "127.0.0.1", "localhost"):
        session.get(f"http://{host}:{port}/").close()
    # 2.5 s between requests to 127.0.0.1, slept in slices of a second with a tick after
    # each; localhost is another host and goes at once.
    assert clock.waits == [1.0, 1.0, 0.5] and len(ticks) >= 3
    assert session.waits == []  # throttle waits are not backoff waits
    assert len(replay.requests) == 3


def test_sessions_sharing_a_throttle_are_spaced_together(replay):
    clock = FrozenClock()
    shared = HostThrottle(2.0, clock=clock, sleep=clock.sleep)
    policy = HttpPolicy(retries=0)
    first = PoliteSession(policy, sleep=clock.sleep, throttle=shared)
    second = PoliteSession(policy, sleep=clock.sleep, throttle=shared)
    first.get(replay.url).close()
    second.get(replay.url).close()
    assert clock.waits == [2.0]
