"""Background tasks of search (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from catalog.materials.outbox import outbox_drain

from . import service


@task()
def drain_index_outbox(consumer: str) -> dict:
    """Take in what the outbox holds for ``consumer`` (an index name, e.g. "lexical").

    When a batch fails, its ids stay queued with backoff and one more drain is scheduled for
    when they are due (backends that can defer; otherwise the next commit's drain retries).
    """
    result = outbox_drain(consumer)
    if result.failed and result.retry_at and drain_index_outbox.get_backend().supports_defer:
        drain_index_outbox.using(run_after=result.retry_at).enqueue(consumer)
    return {
        "consumer": consumer,
        "indexed": result.indexed,
        "failed": result.failed,
        "error": result.error,
    }


@task()
def rebuild_index_task() -> dict:
    """Rebuild the search index with no downtime, then the vectors, as ``manage.py
    search_index rebuild`` does (``--background`` enqueues this instead)."""
    name = service.index_rebuild()
    embedded = service.vectors_rebuild()
    return {"index": name, "embedded": embedded}
