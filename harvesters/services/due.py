"""What is due, and handing it to the task queue: the scheduler's tick enqueues one harvest task
per due source (claimed first, so two schedulers never enqueue a source twice) and re-enqueues
the runs whose worker died, to resume from their checkpoints. ``harvest_run_due`` runs them
here instead, one after another, for cron without a worker."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..errors import SourceBusy, WorkerDied
from ..models import HarvestRun, HarvestSource, RunKind
from ..run_control import max_run_seconds
from ..tasks import harvest_source_task
from .runs import harvest_close_stale_runs, harvest_source_run, stale_after

log = logging.getLogger(__name__)


def harvest_sources_due(now=None):
    now = now or timezone.now()
    # Sources with a live run are skipped (SourceBusy); a stale run is closed on start.
    return HarvestSource.objects.filter(enabled=True, next_run_at__lte=now).order_by("next_run_at")


def _lease_end(source: HarvestSource, now):
    return now + timedelta(seconds=(max_run_seconds(source) or 0) + stale_after().total_seconds())


def claim_source(source: HarvestSource, now) -> bool:
    """Move a due source's ``next_run_at`` past the longest its run may take, so no other
    scheduler pass picks it up again; the run sets the real next time when it ends. Only one
    of two concurrent claims succeeds (conditional update on the old value)."""
    claimed = HarvestSource.objects.filter(
        pk=source.pk, enabled=True, next_run_at=source.next_run_at
    ).update(next_run_at=_lease_end(source, now))
    return bool(claimed)


def lease_source(source: HarvestSource, now) -> None:
    """Claim a source whatever its ``next_run_at`` (a recovered run is enqueued at once)."""
    HarvestSource.objects.filter(pk=source.pk).update(next_run_at=_lease_end(source, now))


def harvest_enqueue_due(now=None) -> list[HarvestSource]:
    """Enqueue one background task per due source (``harvest_source_task``, run by
    ``manage.py task_worker``): a slow or stuck source never holds the others up."""
    now = now or timezone.now()
    enqueued = []
    for source in harvest_sources_due(now):
        if claim_source(source, now):
            harvest_source_task.enqueue(source.pk)
            enqueued.append(source)
    return enqueued


def harvest_run_due(now=None, **kwargs) -> list[HarvestRun]:
    """Run every due source here, one after another (``manage.py harvest --due``, for cron)."""
    now = now or timezone.now()
    runs = []
    for source in harvest_sources_due(now):
        if not claim_source(source, now):
            continue
        try:
            runs.append(harvest_source_run(source, **kwargs))
        except SourceBusy as exc:
            log.info("%s", exc)
    return runs


def harvest_recover_stale_runs(now=None) -> list[HarvestRun]:
    """Close the runs whose worker died (killed, out of memory, machine lost) and enqueue a
    harvest of each of their sources, which resumes from the dead run's checkpoint. The
    scheduler calls this on every tick; ``now`` is injectable for tests."""
    now = now or timezone.now()
    recovered = []
    for run in harvest_close_stale_runs(now=now):
        source = run.source
        task_rows_close_dead(run)
        if run.kind == RunKind.RENORMALIZE or not source.enabled:
            continue
        lease_source(source, now)
        harvest_source_task.enqueue(source.pk)
        recovered.append(run)
    return recovered


def task_rows_close_dead(run: HarvestRun) -> int:
    """Mark failed the queue's rows of the task whose worker died during ``run``.

    A worker killed mid-task never updates its row in the task queue, which would say
    "running" for ever (in the admin's task list too). The dead run held its source's lock, so
    every row still running a harvest of that source which started before the run is that
    worker's. Returns the number of rows closed."""
    rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=harvest_source_task.module_path,
        args_kwargs__args__0=run.source_id,
        started_at__lte=run.started_at,
    )
    died = WorkerDied(f"the worker died during harvest run {run.pk}; the run resumes in a new task")
    for row in rows:
        row.set_failed(died)
    return len(rows)
