"""Background tasks of lists (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from .services.links import links_check, materials_to_check


@task()
def check_links_task(
    concurrency: int = 4, per_host_interval: float = 1.0, timeout: float = 10.0
) -> dict:
    """Check the links of every approved material (``manage.py check_links --background``)."""
    rows = links_check(
        materials_to_check(),
        concurrency=concurrency,
        per_host_interval=per_host_interval,
        timeout=timeout,
    )
    broken = [r for r in rows if not r.ok]
    return {
        "checked": len(rows),
        "broken": len(broken),
        "redirected": sum(1 for r in rows if r.redirects),
        "broken_urls": [r.url for r in broken[:100]],
    }
