"""Documents to vectors: embedding their text (through the text cache) and attaching the
stored vectors to documents on their way to an engine that keeps its own copy.

Below the engines and the outbox consumer, which both use it: it reads the store and the
embedder, never an engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from catalog.embeddings import get_embedder

from . import store
from .text import document_text, text_key


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
    """The text key of each document's current text (what its stored vector must match)."""
    name = get_embedder().name
    return {int(d["id"]): text_key(name, document_text(d)) for d in docs}


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
