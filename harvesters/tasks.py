"""Background tasks (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

import logging

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from .errors import SourceBusy
from .models import HarvestSource
from .services.runs import harvest_source_run, run_was_interrupted

log = logging.getLogger(__name__)


@task()
def harvest_source_task(source_id: int) -> dict | None:
    """Harvest one source to a final state (the scheduler enqueues one task per due source).

    A run interrupted because its worker is stopping is enqueued again, for the next worker
    to resume from its checkpoint (not with a backend that runs tasks on the spot: that would
    start it again in the stopping process)."""
    source = HarvestSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return None
    try:
        run = harvest_source_run(source)
    except SourceBusy as exc:
        log.info("%s", exc)
        return None
    runs_elsewhere = not isinstance(harvest_source_task.get_backend(), ImmediateBackend)
    if run_was_interrupted(run) and runs_elsewhere:
        harvest_source_task.enqueue(source_id)
    return {"source": source.name, "run": run.pk, "status": run.status}
