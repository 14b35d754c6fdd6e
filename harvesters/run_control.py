"""Run control: what a harvest checks while it waits or works, cheaply and often.

The HTTP layer and the record loop call ``tick()`` about once a second. Each call may move
the run's heartbeat (so a long ``Retry-After`` wait does not look like a dead process), looks
at the run's ``abort_requested`` flag (so an abort is honoured within seconds, even in the
middle of a request) and enforces the run's overall deadline. Time comes from an injected
monotonic ``clock``; the database is touched at most every few seconds.

A task worker asked to stop (SIGTERM) calls ``catalog.worker_stop.request_stop()``; the
next ``tick()`` raises ``StopRequested`` and the run ends "interrupted" after committing what
it holds, to be resumed from its checkpoint by the next worker that takes the re-queued task.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from catalog.worker_stop import stop_requested

from .errors import AbortRequested, RunDeadlineExceeded
from .models import HarvestRun

DEFAULT_MAX_RUN_SECONDS = 6 * 3600
HEARTBEAT_EVERY = 10.0
ABORT_CHECK_EVERY = 2.0


class StopRequested(Exception):  # named like AbortRequested, its sibling
    """This process was asked to stop (a task worker's SIGTERM): end the run resumably."""


def max_run_seconds(source) -> float | None:
    """The source's deadline in seconds (config ``max_run_seconds``; 0 or less: none)."""
    value = float((source.config or {}).get("max_run_seconds", DEFAULT_MAX_RUN_SECONDS))
    return value if value > 0 else None


class RunControl:
    def __init__(
        self,
        run: HarvestRun,
        *,
        deadline_seconds: float | None,
        clock: Callable[[], float] = time.monotonic,
        heartbeat_every: float = HEARTBEAT_EVERY,
        abort_check_every: float = ABORT_CHECK_EVERY,
    ):
        self.run = run
        self.stopped = False  # set when a stop request ended the run's events
        self.clock = clock
        self.heartbeat_every = heartbeat_every
        self.abort_check_every = abort_check_every
        start = clock()
        self.deadline_seconds = deadline_seconds
        self.deadline = start + deadline_seconds if deadline_seconds else None
        self._last_beat = start
        self._last_abort_check = start

    def tick(self) -> None:
        """Beat, look for an abort or a stop, enforce the deadline; raise to stop the run."""
        if stop_requested():
            raise StopRequested("the worker was asked to stop")
        now = self.clock()
        if now - self._last_beat >= self.heartbeat_every:
            self._last_beat = now
            beat = timezone.now()
            HarvestRun.objects.filter(pk=self.run.pk).update(heartbeat_at=beat)
            self.run.heartbeat_at = beat
        if now - self._last_abort_check >= self.abort_check_every:
            self._last_abort_check = now
            if HarvestRun.objects.filter(pk=self.run.pk, abort_requested=True).exists():
                raise AbortRequested("aborted by an operator")
        if self.deadline is not None and now >= self.deadline:
            raise RunDeadlineExceeded(
                f"stopped at the run's deadline of {self.deadline_seconds:g} s "
                "(source config max_run_seconds); the next run resumes from the checkpoint"
            )

    def watch(self, events: Iterable) -> Iterator:
        """``events`` unchanged, with a ``tick()`` before each one."""
        for event in events:
            self.tick()
            yield event
