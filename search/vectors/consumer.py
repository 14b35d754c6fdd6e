"""The outbox consumer ``"embeddings"``: vectors follow the catalog in the background.

A catalog change queues its ids for every consumer; the lexical index takes them in at once,
this consumer afterwards (embedding is the slow part: about 100 documents/s on two idle
cores). For each id it embeds the document's text (``embed``) unless the stored vector was
computed from the same text, writes the store, and hands the new vectors to an
engine that keeps its own copy (Elasticsearch's ``dense_vector``). Deleted or withdrawn
materials lose their vector.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings

from catalog.materials import outbox

from .. import documents
from ..consumers import EMBEDDINGS
from ..engines import get_engine
from . import store
from .embed import current_keys, embed_documents

__all__ = [
    "EMBEDDINGS",
    "connect",
    "current_keys",
    "embed_documents",
    "rebuild_vectors",
    "update_vectors",
]

log = logging.getLogger(__name__)
BATCH_SIZE = 256


def update_vectors(ids: Iterable[int], config: dict | None = None) -> int:
    """Bring the vectors of these materials up to date; returns how many were embedded."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    config = config or settings.OER_SEARCH
    path = store.store_path(config)
    docs = list(documents.documents_for(ids))
    known = store.keys_of(path, ids)
    keys = current_keys(docs)
    stale = [d for d in docs if known.get(int(d["id"])) != keys[int(d["id"])]]
    rows = embed_documents(stale) if stale else []
    gone = sorted(set(ids) - {int(d["id"]) for d in docs})
    store.write(
        path, [(i, k, store.to_blob(v)) for i, k, v in rows], [g for g in gone if g in known]
    )
    engine = get_engine(config)
    if rows and getattr(engine, "stores_vectors", False):
        engine.put_vectors({i: v for i, _k, v in rows})
    return len(rows)


def rebuild_vectors(progress=None, config: dict | None = None) -> int:
    """Vectors for every active material (re-embedding only changed texts), stale ones dropped,
    and every vector handed to an engine that keeps its own. Acknowledges what it covered."""
    config = config or settings.OER_SEARCH
    covered = outbox.outbox_snapshot(EMBEDDINGS) if EMBEDDINGS in outbox.consumers() else []
    path = store.store_path(config)
    engine = get_engine(config)
    seen: set[int] = set()
    batch: list[dict] = []
    embedded = 0

    def flush() -> int:
        rows = embed_documents(batch)
        store.write(path, [(i, k, store.to_blob(v)) for i, k, v in rows], [])
        if getattr(engine, "stores_vectors", False):
            engine.put_vectors({i: v for i, _k, v in rows})
        if progress is not None:
            progress.update(len(rows))
        return len(rows)

    for doc in documents.documents_for(None):
        seen.add(int(doc["id"]))
        batch.append(doc)
        if len(batch) >= BATCH_SIZE:
            embedded += flush()
            batch = []
    if batch:
        embedded += flush()
    stored = [i for (i, _v) in store.all_rows(path)]
    store.write(path, [], [i for i in stored if i not in seen])
    if covered:
        outbox.outbox_acknowledge(covered)
    return embedded


def connect(*, wake: Callable[[], object]) -> None:
    """Register as the outbox consumer ``"embeddings"``; ``wake`` runs after a commit that
    queued ids (the app config passes one that enqueues a drain task: the tasks import the
    service, which imports this module)."""
    outbox.register_consumer(EMBEDDINGS, lambda ids: update_vectors(ids), wake=wake)
