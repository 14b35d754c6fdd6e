"""Keep the index in step with the catalog: ``materials_changed`` → bulk re-index those ids.

The catalog sends the signal after commit, so saves and harvests have already succeeded; if
the engine is down we log and move on (``manage.py search_index rebuild`` catches up). After a
failure we stop trying for a short while, so a harvest does not wait on a dead engine once per
record.

Long writers (a harvest) wrap their work in ``indexing_in_background()``: their changes are
then indexed by one background thread, in order, while the writer goes on with the next chunk
(the second core, or the wait on Elasticsearch, is no longer idle). Leaving the block waits
until everything written in it is indexed, so the index is current when the harvest ends.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

from . import service

log = logging.getLogger(__name__)
BACKOFF_SECONDS = 30.0
_skip_until = 0.0
_local = threading.local()  # .indexer: the calling thread's background indexer, if any

# Batches merged into one engine call when the indexer has fallen behind.
MAX_MERGED_IDS = 5000
QUEUE_BATCHES = 4  # a writer more than this many batches ahead waits (memory stays flat)


def _index_now(ids) -> None:
    global _skip_until
    if time.monotonic() < _skip_until:
        log.warning("search engine recently failed; not indexing %d material(s)", len(ids))
        return
    try:
        service.index_materials(ids)
    except Exception:  # never let indexing break a save: the index is derived data
        _skip_until = time.monotonic() + BACKOFF_SECONDS
        log.warning(
            "search indexing of %d material(s) failed; run `manage.py search_index rebuild`",
            len(ids),
            exc_info=True,
        )


def on_materials_changed(sender, ids=(), **kwargs) -> None:
    if not settings.OER_SEARCH.get("INDEX_ON_CHANGE", True):
        return
    indexer = getattr(_local, "indexer", None)
    if indexer is not None:
        indexer.put(list(ids))
    else:
        _index_now(ids)


class _BackgroundIndexer:
    def __init__(self):
        self.batches: queue.Queue = queue.Queue(maxsize=QUEUE_BATCHES)
        self.thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def put(self, ids: list) -> None:
        if ids:
            self.batches.put(ids)

    def close(self) -> None:
        """Index what is queued, then stop."""
        self.batches.put(None)
        self.thread.join()

    def _run(self) -> None:
        try:
            done = False
            while not done:
                ids = self.batches.get()
                if ids is None:
                    break
                while len(ids) < MAX_MERGED_IDS:  # catch up in bigger bulks
                    try:
                        more = self.batches.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        done = True
                        break
                    ids = ids + more
                _index_now(ids)
        finally:
            connections.close_all()  # this thread's own database connections


@contextmanager
def indexing_in_background():
    """Index the ``materials_changed`` of this block in a background thread; wait at the end."""
    if getattr(_local, "indexer", None) is not None:  # nested: the outer block's indexer
        yield
        return
    indexer = _BackgroundIndexer()
    indexer.start()
    _local.indexer = indexer
    try:
        yield
    finally:
        _local.indexer = None
        indexer.close()


def connect() -> None:
    from catalog.materials.signals import materials_changed

    materials_changed.connect(on_materials_changed, dispatch_uid="search.index_on_change")
