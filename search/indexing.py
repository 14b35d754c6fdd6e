"""Keep the lexical index in step with the catalog through the derived-index outbox.

Search registers as the outbox consumer ``"lexical"``: the catalog queues every changed id in
the transaction that changed it, and ``drain`` hands queued ids to ``service.index_materials``
in batches, deleting them only once the engine took them. A dead engine leaves the ids queued
with backoff (``catalog.materials.outbox``) instead of dropping them.

After a commit that queued ids, one ``drain_index_outbox`` task is enqueued (``drains``;
``manage.py task_worker`` runs it; the test settings' immediate backend runs it at once).
``OER_SEARCH["INDEX_ON_CHANGE"] = False`` turns that automatic drain off (ids are still
queued); ``search_index drain`` or a rebuild then catches up.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from django.db import connection, connections
from django.utils import timezone

from catalog.materials import outbox

from . import service
from .consumers import LEXICAL, auto_drain
from .drains import enqueue_drain

__all__ = [
    "LEXICAL",
    "auto_drain",
    "connect",
    "drain_after_writes",
    "drain_until_empty",
    "draining_in_background",
]

log = logging.getLogger(__name__)
# Ids per engine call: bigger than a harvest chunk, so a drain that fell behind catches up in
# fewer, larger bulks (and fewer deletes waiting on the writer's SQLite lock).
BATCH_SIZE = 2000
_local = threading.local()  # .drainer: the calling thread's background drainer, if any


def _index_batch(ids: list[int]) -> None:
    service.index_materials(ids)


def _wake() -> None:
    """After a commit that queued ids: poke this thread's background drainer if it has one,
    else enqueue one drain task (on_commit runs this robustly: it never fails the writer)."""
    if not auto_drain():
        return
    drainer = getattr(_local, "drainer", None)
    if drainer is not None:
        drainer.poke()
        return
    enqueue_drain(LEXICAL)


class _Drainer:
    """Drains the outbox in a thread while a long writer goes on with its next chunk (the
    second core, or the wait on Elasticsearch, is not idle). Only a helper for speed: the
    rows are durable, so whatever it does not take in, the writer's final drain or the
    worker does. It reads past a cursor and deletes what it indexed in large groups (each
    delete waits for the writer's SQLite lock). After a failed batch it stops (the engine
    is down; the rows back off)."""

    ACK_GROUP = 5000

    def __init__(self):
        self.wakeup = threading.Event()
        self.stopping = False
        self.failed: outbox.DrainResult | None = None
        self.thread = threading.Thread(target=self._run, name="search-drainer", daemon=True)

    def poke(self) -> None:
        self.wakeup.set()

    def stop(self) -> None:
        self.stopping = True
        self.wakeup.set()
        self.thread.join()

    def _run(self) -> None:
        cursor, acks = 0, []
        try:
            while not self.failed:
                self.wakeup.wait()
                self.wakeup.clear()
                if self.stopping:
                    break
                result = outbox.outbox_drain(
                    LEXICAL, batch_size=BATCH_SIZE, after_pk=cursor, deferred_acks=acks
                )
                cursor = result.last_pk
                if result.failed:
                    self.failed = result
                if len(acks) >= self.ACK_GROUP:
                    outbox.outbox_acknowledge(acks)
                    acks = []
        finally:
            try:
                outbox.outbox_acknowledge(acks)
            finally:
                connections.close_all()  # this thread's own database connections


@contextmanager
def draining_in_background():
    """Drain the outbox in a background thread while the block writes; at the end, drain
    what is left, so the block's writes are searchable when it exits. Nothing happens when
    automatic draining is off or inside a transaction (see ``drain_after_writes``)."""
    if not auto_drain() or connection.in_atomic_block or getattr(_local, "drainer", None):
        yield
        return
    drainer = _Drainer()
    drainer.thread.start()
    _local.drainer = drainer
    try:
        yield
    finally:
        _local.drainer = None
        drainer.stop()
        if drainer.failed:  # the engine is down: leave the retries to the worker's backoff
            _log_behind(drainer.failed)
            enqueue_drain(LEXICAL)
        else:
            drain_after_writes()


def drain_until_empty(
    consumer: str = LEXICAL, *, due_only: bool = True, clock=timezone.now
) -> outbox.DrainResult:
    """Index everything queued for ``consumer`` now; stops early if the engine fails."""
    return outbox.outbox_drain(consumer, batch_size=BATCH_SIZE, due_only=due_only, clock=clock)


def drain_after_writes() -> outbox.DrainResult | None:
    """What a long writer (a harvest) calls at its end so that what it wrote is searchable
    when it returns. Does nothing when automatic draining is off, or inside a transaction
    (a dry run, an outer atomic block): uncommitted rows must not reach the index, and the
    commit's own drain task takes them in."""
    if not auto_drain() or connection.in_atomic_block:
        return None
    result = drain_until_empty()
    if result.failed:
        _log_behind(result)
    return result


def _log_behind(result: outbox.DrainResult) -> None:
    log.warning(
        "search index is behind by at least %d material(s); they stay queued (retry at %s)",
        result.failed,
        result.retry_at,
    )


def connect() -> None:
    outbox.register_consumer(LEXICAL, _index_batch, wake=_wake)
