"""Enqueue a background drain of one outbox consumer (the ``drain_index_outbox`` task).

What an outbox ``wake`` does after a commit that queued ids. This module sits above the tasks
(it imports them) and the tasks import only the service and below, so whatever enqueues a
drain (the lexical consumer; the app config, for the embeddings consumer) imports this module
rather than the tasks reaching back into their callers.
"""

from __future__ import annotations

from collections.abc import Callable

from .consumers import auto_drain
from .tasks import drain_index_outbox


def enqueue_drain(consumer: str) -> None:
    """One ``drain_index_outbox`` task for ``consumer`` (the worker, or at once under the
    immediate backend of the test settings)."""
    drain_index_outbox.enqueue(consumer)


def wake_for(consumer: str) -> Callable[[], None]:
    """The outbox ``wake`` of ``consumer``: enqueue a drain, unless ``INDEX_ON_CHANGE`` is off."""

    def wake() -> None:
        if auto_drain():
            enqueue_drain(consumer)

    return wake
