"""Background tasks of lists (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from .services.links import approved_links_check


@task()
def check_links_task(
    concurrency: int = 4, per_host_interval: float = 1.0, timeout: float = 10.0
) -> dict:
    """Check the links of every approved material (``manage.py check_links --background``)."""
    report = approved_links_check(
        concurrency=concurrency, per_host_interval=per_host_interval, timeout=timeout
    )
    return {
        "checked": report.checked,
        "broken": len(report.broken),
        "redirected": report.redirected,
        "broken_urls": [r.url for r in report.broken[:100]],
    }
