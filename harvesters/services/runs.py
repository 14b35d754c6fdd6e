"""Run lifecycle: start a run (the source's lock, stale-run recovery, resume from the
checkpoint), drive it to a final state, renormalize from raw records, abort.

A run ends "interrupted" (resumable, not counted as a failure) when its worker is
asked to stop; a run whose worker died is found stale and re-enqueued by the scheduler's
tick (``due.harvest_recover_stale_runs``). Either way the next run resumes from the checkpoint.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search.indexing import draining_in_background

from ..errors import AbortRequested, ProtocolLoop, RunDeadlineExceeded, SourceBusy
from ..models import HarvestRun, HarvestSource, RawRecord, RecordError, RunKind, RunStatus
from ..normalizers.registry import normalizer_for
from ..pipeline import Pipeline, withdraw_missing
from ..policy import HarvestPolicy, source_policy
from ..run_control import RunControl, StopRequested, max_run_seconds
from ..schedule import retry_due
from ..sources import Checkpoint, RawItem, default_format, gatherer_for

log = logging.getLogger(__name__)


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "HARVEST_STALE_AFTER_SECONDS", 900))


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_started(pid: int | None) -> int | None:
    """When the process started (clock ticks since boot, from ``/proc/<pid>/stat``), so a
    reused pid is told apart from the run's own process; None where /proc is not there."""
    if not pid:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])  # field 22, starttime
    except (IndexError, ValueError):
        return None


def run_process_alive(run: HarvestRun) -> bool | None:
    """Whether the run's process is alive: True/False on the run's own host, None elsewhere.
    A live pid whose start time differs from the recorded one is a reused pid: not alive.
    Without /proc (not Linux) a live pid counts as alive."""
    if run.hostname != socket.gethostname() or not run.pid:
        return None
    if not _pid_alive(run.pid):
        return False
    if run.pid_started is not None:
        started = process_started(run.pid)
        if started is not None and started != run.pid_started:
            return False
    return True


def run_is_stale(run: HarvestRun, now=None) -> bool:
    """A "running" run whose process is gone. On the run's own host the process decides,
    whatever the heartbeat (a long ``Retry-After`` wait is not a crash); from another host,
    only a heartbeat older than ``HARVEST_STALE_AFTER_SECONDS`` does."""
    if run.status != RunStatus.RUNNING:
        return False
    alive = run_process_alive(run)
    if alive is not None:
        return not alive
    now = now or timezone.now()
    return now - run.heartbeat_at > stale_after()


def _finish(run: HarvestRun, status: str, message: str = "") -> None:
    run.status = status
    run.finished_at = timezone.now()
    if message:
        run.message = (run.message + "\n" + message).strip()
    run.save(update_fields=["status", "finished_at", "message"])
    HarvestSource.objects.filter(pk=run.source_id, running_run=run).update(running_run=None)


STALE_NOTE = "stale: the process ended without closing the run"
INTERRUPTED_NOTE = "interrupted: the worker was asked to stop"


def harvest_close_stale_runs(source: HarvestSource | None = None, now=None) -> list[HarvestRun]:
    """Close every stale "running" run as failed (its checkpoint stays for the next run).
    Of two processes closing the same run at once, only one closes it (and returns it)."""
    runs = HarvestRun.objects.filter(status=RunStatus.RUNNING)
    if source is not None:
        runs = runs.filter(source=source)
    closed = []
    for run in runs.select_related("source"):
        if not run_is_stale(run, now):
            continue
        taken = HarvestRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED
        )
        if taken:
            _finish(run, RunStatus.FAILED, STALE_NOTE)
            closed.append(run)
    return closed


def _start(source: HarvestSource, kind: str) -> HarvestRun:
    """Create the run and take the source's lock (atomic conditional update)."""
    harvest_close_stale_runs(source)
    run = HarvestRun.objects.create(
        source=source,
        kind=kind,
        hostname=socket.gethostname(),
        pid=os.getpid(),
        pid_started=process_started(os.getpid()),
    )
    taken = HarvestSource.objects.filter(pk=source.pk, running_run__isnull=True).update(
        running_run=run
    )
    if not taken:
        run.delete()
        raise SourceBusy(f"{source.name} already has a running harvest")
    if kind != RunKind.RENORMALIZE:
        previous = (
            HarvestRun.objects.filter(source=source, kind=kind)
            .exclude(pk=run.pk)
            .order_by("-started_at", "-pk")
            .first()
        )
        resumable = (RunStatus.FAILED, RunStatus.INTERRUPTED)
        if previous and previous.status in resumable and previous.checkpoint.get("token"):
            run.checkpoint = dict(previous.checkpoint)
            run.resumed_from = previous
            run.message = f"resumed from run {previous.pk} at page {run.checkpoint.get('pages')}"
            run.save(update_fields=["checkpoint", "resumed_from", "message"])
    return run


def _record_problems(run: HarvestRun, gatherer) -> None:
    """Store what the gatherer noticed about single records (``gatherer.problems``: tuples of
    stage, identifier, message, level) as RecordErrors, and count them on the run."""
    problems = getattr(gatherer, "problems", None)
    if not problems:
        return
    taken, problems[:] = list(problems), []
    RecordError.objects.bulk_create(
        RecordError(
            run=run, stage=stage, identifier=identifier[:500], message=message[:4000], level=level
        )
        for stage, identifier, message, level in taken
    )
    for *_, level in taken:
        if level == RecordError.WARNING:
            run.warnings += 1
        else:
            run.errors += 1
    run.save(update_fields=["errors", "warnings"])


def _events(control: RunControl, run: HarvestRun, gatherer):
    """The gatherer's events with a tick before each, and its per-record problems stored.
    A stop request ends the events early (``control.stopped``): the pipeline then commits
    what it holds, and the checkpoint stays at the last page it finished."""
    try:
        for event in control.watch(gatherer):
            _record_problems(run, gatherer)
            yield event
    except StopRequested:
        control.stopped = True
    _record_problems(run, gatherer)


def _interrupted(run: HarvestRun) -> None:
    """End a run its worker was asked to stop: interrupted, so the next run resumes from its
    checkpoint, and not counted as a failure (the task is enqueued again by
    ``harvest_source_task``)."""
    pages = run.checkpoint.get("pages")
    at = f" after page {pages}" if run.checkpoint.get("token") and pages else ""
    _finish(
        run,
        RunStatus.INTERRUPTED,
        f"{INTERRUPTED_NOTE} after {run.seen} records; the next run resumes from the "
        f"checkpoint{at}",
    )


def run_was_interrupted(run: HarvestRun) -> bool:
    return run.status == RunStatus.INTERRUPTED


def shrink_check(source: HarvestSource, run: HarvestRun) -> str:
    """Why the withdrawals of this complete run must wait for an operator ("" when they need
    not): it listed no record, or fewer than ``min_complete_ratio`` of the records the source
    is known to list (those it has not withdrawn)."""
    known = RawRecord.objects.filter(source=source, deleted=False).count()
    if not known:
        return ""
    listed = RawRecord.objects.filter(source=source, deleted=False, last_seen_run=run).count()
    ratio = source.min_complete_ratio
    if listed and listed >= ratio * known:
        return ""
    return (
        f"This complete run listed {listed:,} of the {known:,} records the source is known to "
        f"list (the threshold is {ratio:.0%}): nothing was withdrawn. If the source really "
        "dropped them, confirm the shrink (admin: Harvesting → Sources → Confirm shrink, or "
        f"manage.py harvest --confirm-shrink {source.name}); the next complete run then withdraws."
    )


def _withdraw_or_hold(source: HarvestSource, run: HarvestRun) -> None:
    """Withdraw what a complete run did not list, unless the source shrank suspiciously and
    no operator has confirmed it. A confirmation holds until the withdrawals have brought the
    known records down to what the source lists (``missing_runs_to_withdraw`` runs later)."""
    held = shrink_check(source, run)
    if held and not source.shrink_confirmation_pending:
        run.warning = held
        run.save(update_fields=["warning"])
        source.shrink_warning = held
        source.shrink_warned_at = timezone.now()
        source.save(update_fields=["shrink_warning", "shrink_warned_at"])
        return
    if held:
        run.message = (
            f"{run.message}\nshrink confirmed by {source.shrink_confirmed_by or 'an operator'} "
            f"at {source.shrink_confirmed_at:%Y-%m-%d %H:%M}: counting what is missing"
        ).strip()
        run.save(update_fields=["message"])
    elif source.shrink_warning:
        source.shrink_warning = ""
        source.save(update_fields=["shrink_warning"])
    run.withdrawn += withdraw_missing(run)
    run.save(update_fields=["withdrawn"])


def _reschedule(source: HarvestSource, *, failed: bool) -> None:
    """Next regular run after a success; after a failure, a retry that backs off
    exponentially (capped at the source's interval)."""
    now = timezone.now()
    if failed:
        source.consecutive_failures += 1
        source.next_run_at = retry_due(
            now, source.consecutive_failures, every_hours=source.every_hours, cron=source.cron
        )
    else:
        source.consecutive_failures = 0
        source.schedule_next(now)
    HarvestSource.objects.filter(pk=source.pk).update(
        next_run_at=source.next_run_at, consecutive_failures=source.consecutive_failures
    )


def harvest_source_run(
    source: HarvestSource,
    *,
    full: bool = False,
    dry_run: bool = False,
    progress: Callable[[HarvestRun, int], None] | None = None,
    policy: HarvestPolicy | None = None,
    sleep=None,
    clock: Callable[[], float] = time.monotonic,
) -> HarvestRun:
    """Run one harvest of ``source`` to a final state. ``dry_run`` rolls every write back
    and returns the (unsaved) run with the counts it would have had. The run stops within
    seconds of an abort and at its deadline (config ``max_run_seconds``), even mid-request."""
    if dry_run:
        return _dry_run(
            source, full=full, progress=progress, policy=policy, sleep=sleep, clock=clock
        )
    run = _start(source, RunKind.FULL if full else RunKind.INCREMENTAL)
    control = RunControl(run, deadline_seconds=max_run_seconds(source), clock=clock)
    try:
        gatherer = gatherer_for(source.type)(
            source,
            run.checkpoint,
            full=full,
            policy=policy or source_policy(source),
            sleep=sleep,
            tick=control.tick,
        )
        gatherer.prepare()
        fmt = gatherer.metadata_format or source.metadata_format
        pipeline = Pipeline(run, normalizer_for(fmt), metadata_format=fmt, progress=progress)
        with draining_in_background():  # the index outbox: searchable when the run returns
            pipeline.consume(_events(control, run, gatherer))
            if control.stopped:
                _interrupted(run)
                return run
            if gatherer.complete and not gatherer.deletions_reported:
                _withdraw_or_hold(source, run)
        run.response_date = gatherer.response_date
        run.save(update_fields=["response_date"])
    except StopRequested:  # before the first record (e.g. while asking for Identify)
        _interrupted(run)
        return run
    except AbortRequested as exc:
        _finish(run, RunStatus.FAILED, str(exc))
        _reschedule(source, failed=False)
        return run
    except (Exception, KeyboardInterrupt) as exc:
        if not isinstance(exc, RunDeadlineExceeded):
            log.exception("harvest of %s failed", source.name)
        if isinstance(exc, ProtocolLoop):
            _forget_token(run)  # resuming at the looping token would walk into the same loop
        _finish(run, RunStatus.FAILED, f"{type(exc).__name__}: {exc}")
        if isinstance(exc, KeyboardInterrupt):
            raise
        _reschedule(source, failed=True)
        return run
    status = RunStatus.PARTIAL if run.errors or run.warning else RunStatus.SUCCEEDED
    fields = ["granularity", "deleted_record"]
    if gatherer.response_date:
        source.last_response_date = gatherer.response_date
        fields.append("last_response_date")
    source.save(update_fields=fields)
    _reschedule(source, failed=False)
    _finish(run, status)
    return run


def _forget_token(run: HarvestRun) -> None:
    """Keep the run's checkpoint but not its resumption token: the next run lists afresh."""
    run.checkpoint = {k: v for k, v in (run.checkpoint or {}).items() if k != "token"}
    run.save(update_fields=["checkpoint"])


class _Rollback(Exception):
    pass


def _dry_run(source, *, full, progress, policy, sleep, clock) -> HarvestRun:
    result = {}
    try:
        with transaction.atomic():
            run = harvest_source_run(
                source, full=full, progress=progress, policy=policy, sleep=sleep, clock=clock
            )
            result["run"] = run
            result["created_ids"] = run.created
            raise _Rollback
    except _Rollback:
        pass
    run = result["run"]
    run.message = (run.message + "\ndry run: nothing was written").strip()
    return run


def harvest_renormalize(
    source: HarvestSource,
    *,
    progress: Callable[[HarvestRun, int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> HarvestRun:
    """Rebuild the source's materials from its stored raw records, without the network."""
    run = _start(source, RunKind.RENORMALIZE)
    control = RunControl(run, deadline_seconds=None, clock=clock)
    try:
        fmt = source.metadata_format or default_format(source.type)
        pipeline = Pipeline(
            run, normalizer_for(fmt), metadata_format=fmt, progress=progress, skip_unchanged=False
        )

        def stored():
            rows = RawRecord.objects.filter(source=source).order_by("pk")
            for raw in rows.iterator(chunk_size=2000):
                yield RawItem(
                    raw.remote_id, raw.payload.encode("utf-8"), raw.datestamp, raw.deleted
                )
            yield Checkpoint({"renormalized": True})

        with draining_in_background():
            pipeline.consume(control.watch(stored()))
    except AbortRequested as exc:
        _finish(run, RunStatus.FAILED, str(exc))
        return run
    except Exception as exc:  # logged, and the run records it as failed
        log.exception("renormalize of %s failed", source.name)
        _finish(run, RunStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return run
    _finish(run, RunStatus.PARTIAL if run.errors else RunStatus.SUCCEEDED)
    return run


def harvest_abort(source: HarvestSource) -> HarvestRun | None:
    """Ask the source's running run to stop after its current chunk; a stale one is closed."""
    run = HarvestRun.objects.filter(source=source, status=RunStatus.RUNNING).first()
    if run is None:
        return None
    if run_is_stale(run):
        _finish(run, RunStatus.FAILED, "aborted by an operator (the process was gone)")
        return run
    HarvestRun.objects.filter(pk=run.pk).update(abort_requested=True)
    return run
