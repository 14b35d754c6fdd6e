"""Background tasks (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

import logging

from django_tasks import task

from .errors import SourceBusy
from .models import HarvestSource
from .services.runs import harvest_source_run

log = logging.getLogger(__name__)


@task()
def harvest_source_task(source_id: int) -> dict | None:
    """Harvest one source to a final state (the scheduler enqueues one task per due source)."""
    source = HarvestSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return None
    try:
        run = harvest_source_run(source)
    except SourceBusy as exc:
        log.info("%s", exc)
        return None
    return {"source": source.name, "run": run.pk, "status": run.status}
