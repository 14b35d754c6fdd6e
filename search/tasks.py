"""Background tasks of search (django-tasks; ``manage.py task_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from catalog.materials.outbox import outbox_drain

from . import service


@task()
def drain_index_outbox(consumer: str) -> dict:
    """Take in what the outbox holds for ``consumer`` (an index name, e.g. "lexical").

    When a batch fails, its ids stay queued with backoff and one more drain is scheduled for
    when they are due (backends that can defer; otherwise the next commit's drain retries).
    When the worker is asked to stop, the drain ends between batches and enqueues itself
    again, for the next worker to take in the rest.
    """
    result = outbox_drain(consumer)
    backend = drain_index_outbox.get_backend()
    if result.failed and result.retry_at and backend.supports_defer:
        drain_index_outbox.using(run_after=result.retry_at).enqueue(consumer)
    if result.stopped and not isinstance(backend, ImmediateBackend):
        drain_index_outbox.enqueue(consumer)  # not here: this process is stopping
    return {
        "consumer": consumer,
        "indexed": result.indexed,
        "failed": result.failed,
        "error": result.error,
        "stopped": result.stopped,
    }


@task()
def rebuild_index_task() -> dict:
    """Rebuild the search index with no downtime, then the vectors, as ``manage.py
    search_index rebuild`` does (``--background`` enqueues this instead)."""
    name = service.index_rebuild()
    embedded = service.vectors_rebuild()
    return {"index": name, "embedded": embedded}
