"""Background tasks of standards (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from .importers.pipeline import standards_import


@task()
def import_standards_task(sources: list[str]) -> dict:
    """Import frameworks from paths or CASE URLs (``manage.py standards import --background``).
    A malformed source fails the task (its error is on the task's result) and changes nothing."""
    reports, skipped = standards_import(sources)
    return {"reports": [r.as_dict() for r in reports], "skipped": skipped}
