"""The polite client against hostile servers: a whole-response deadline, the ``tick`` hook, and
size limits on the bytes as sent and as decompressed. Real local servers, short deadlines;
the assertions are on what is raised, never on how long it took."""

import gzip
import itertools

import pytest

from catalog.http import HttpPolicy, PoliteSession, ResponseTooLarge, TransportError
from harvesters.testing.replay import ReplayServer, Reply

BODY = b"<x>" + b"a" * 400 + b"</x>"


class Stop(Exception):
    """What a caller's ``tick`` raises to end a request (a run's abort, say)."""


def no_sleep(seconds: float) -> None:
    """Waits are recorded by the client (``session.waits``); tests need not sit through them."""


@pytest.fixture
def replay():
    """A local server replaying queued replies and faults (the harvesters' test server)."""
    with ReplayServer() as server:
        yield server


def _policy(**kw):
    values = {"timeout": 30, "retries": 0, "requests_per_second": 0, "response_deadline": 1.0}
    return HttpPolicy(**{**values, **kw})


def test_a_slow_drip_body_is_cut_off_at_the_response_deadline(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("drip", delay=0.3)
    session = PoliteSession(_policy(), sleep=no_sleep)
    with pytest.raises(TransportError, match="deadline"):
        session.get(replay.url)


def test_headers_that_never_come_are_cut_off_at_the_deadline(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("slow", delay=5)
    with pytest.raises(TransportError, match="deadline"):
        PoliteSession(_policy(), sleep=no_sleep).get(replay.url)


def test_a_missed_deadline_is_retried_like_a_timeout(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("drip", delay=0.3)
    session = PoliteSession(_policy(retries=1), sleep=no_sleep)
    assert session.get(replay.url).read() == BODY
    assert len(replay.requests) == 2 and session.waits == [1.0]


def test_the_deadline_reads_the_injected_clock(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("drip", delay=0.3)
    clock = itertools.count(0, 100.0).__next__  # every look at the clock: 100 s later
    session = PoliteSession(_policy(response_deadline=120), sleep=no_sleep, clock=clock)
    with pytest.raises(TransportError, match="deadline"):
        session.get(replay.url)


def test_tick_runs_while_the_body_drips_and_its_exception_ends_the_request(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("drip", delay=0.3)
    calls = []

    def tick():
        calls.append(1)
        if len(calls) == 2:
            raise Stop("stopped by the caller")

    session = PoliteSession(_policy(response_deadline=60, retries=3), sleep=no_sleep, tick=tick)
    with pytest.raises(Stop):
        session.get(replay.url)
    assert len(replay.requests) == 1  # not retried


def test_waits_are_sliced_so_tick_runs_at_least_once_a_second(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("status", status=503, retry_after="3")
    slept, ticks = [], []
    session = PoliteSession(_policy(retries=1), sleep=slept.append, tick=lambda: ticks.append(1))
    assert session.get(replay.url).read() == BODY
    assert slept == [1.0, 1.0, 1.0] and len(ticks) >= 3
    assert session.waits == [3.0]


def test_tick_raising_during_a_backoff_wait_is_not_retried(replay):
    replay.add({}, Reply(BODY))
    replay.fail_next("status", status=503, retry_after="30")

    def tick():
        raise Stop("stopped by the caller")

    session = PoliteSession(_policy(retries=3), sleep=no_sleep, tick=tick)
    with pytest.raises(Stop):
        session.get(replay.url)
    assert len(replay.requests) == 1


def test_a_gzip_bomb_stops_at_the_decompressed_limit(replay):
    bomb = gzip.compress(b" " * (50 * 1024 * 1024), compresslevel=9)
    replay.add({}, Reply(bomb, headers={"Content-Encoding": "gzip"}))
    session = PoliteSession(_policy(max_decompressed_bytes=1024 * 1024), sleep=no_sleep)
    with pytest.raises(ResponseTooLarge, match="too large.*decompressed"):
        session.get(replay.url)


def test_gzip_under_the_limits_is_decoded(replay):
    text = b"<x>" + b"hello " * 10000 + b"</x>"
    replay.add({}, Reply(gzip.compress(text), headers={"Content-Encoding": "gzip"}))
    body = PoliteSession(_policy(), sleep=no_sleep).get(replay.url)
    assert body.read() == text and body.size == len(text)


def test_the_bytes_as_sent_have_their_own_limit(replay):
    replay.add({}, Reply(b"x" * 100_000, content_type="text/plain"))
    replay.gzip_responses = False
    session = PoliteSession(_policy(max_response_bytes=10_000), sleep=no_sleep)
    with pytest.raises(ResponseTooLarge, match="too large.*as sent"):
        session.get(replay.url)
