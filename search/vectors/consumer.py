"""The outbox consumer ``"embeddings"``: vectors follow the catalog in the background.

A catalog change queues its ids for every consumer; the lexical index takes them in at once,
this consumer afterwards (embedding is the slow part: about 100 documents/s on two idle
cores). For each id it embeds the document's text (``text.document_text``) unless the stored
vector was computed from the same text, writes the store, and hands the new vectors to an
engine that keeps its own copy (Elasticsearch's ``dense_vector``). Deleted or withdrawn
materials lose their vector.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
from django.conf import settings

from catalog.embeddings import get_embedder
from catalog.materials import outbox

from .. import documents
from ..engines import get_engine
from . import store
from .text import document_text, text_key

log = logging.getLogger(__name__)
EMBEDDINGS = "embeddings"
BATCH_SIZE = 256


def embed_documents(docs: Sequence[dict], cache=None) -> list[tuple[int, bytes, np.ndarray]]:
    """(id, text key, vector) per document, from the text cache when it has the text."""
    embedder = get_embedder()
    texts = [document_text(d) for d in docs]
    keys = [text_key(embedder.name, t) for t in texts]
    cache = cache or store.cache_path()
    found = store.cached(cache, keys)
    missing = [i for i, k in enumerate(keys) if k not in found]
    if missing:
        fresh = embedder.embed([texts[i] for i in missing])
        new = [(keys[i], store.to_blob(v)) for i, v in zip(missing, fresh, strict=True)]
        store.cache_put(cache, new)
        found.update(new)
    return [(int(d["id"]), k, store.from_blob(found[k])) for d, k in zip(docs, keys, strict=True)]


def current_keys(docs: Iterable[dict]) -> dict[int, bytes]:
    name = get_embedder().name
    return {int(d["id"]): text_key(name, document_text(d)) for d in docs}


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


def attach_vectors(docs: Iterable[dict], config: dict | None = None):
    """The documents, each with ``embedding`` when the store holds a vector computed from its
    current text (for an engine that keeps vectors in its documents)."""
    path = store.store_path(config)
    chunk: list[dict] = []

    def emit(chunk):
        keys = current_keys(chunk)
        stored = store.keys_of(path, list(keys))
        fresh = [i for i, k in keys.items() if stored.get(i) == k]
        vectors = store.vectors_of(path, fresh)
        for d in chunk:
            vec = vectors.get(int(d["id"]))
            yield {**d, "embedding": vec.tolist()} if vec is not None else d

    for doc in docs:
        chunk.append(doc)
        if len(chunk) >= 500:
            yield from emit(chunk)
            chunk = []
    if chunk:
        yield from emit(chunk)


def _wake() -> None:
    from ..indexing import auto_drain

    if not auto_drain():
        return
    from ..tasks import drain_index_outbox

    drain_index_outbox.enqueue(EMBEDDINGS)


def connect() -> None:
    outbox.register_consumer(EMBEDDINGS, lambda ids: update_vectors(ids), wake=_wake)
