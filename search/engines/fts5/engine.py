"""The SQLite FTS5 engine: the ``Engine`` interface over one index file (``store``).

Writes go to ``store``; a search or suggestion runs in one read transaction of the live file
and is answered by ``pages``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from ...query import SearchQuery, SearchResults
from ...understanding import understand
from ...vectors import matrix
from ...vectors import store as vector_store
from ..base import Engine, hit_from_document
from . import pages, store

# Embeds a hybrid query while its words are matched: numpy and SQLite both release the GIL.
_embedding = ThreadPoolExecutor(max_workers=2, thread_name_prefix="fts5-embed")


class Fts5Engine(Engine):
    name = "fts5"

    def __init__(self, config: dict):
        self.config = config

    @property
    def path(self) -> Path:
        if self.config.get("FTS5_PATH"):
            return Path(self.config["FTS5_PATH"])
        return (
            Path(settings.VAR_DIR) / "search" / f"{self.config['INDEX_PREFIX']}-materials.sqlite3"
        )

    # -- writes ------------------------------------------------------------------------------
    def index_documents(self, docs: Iterable[dict]) -> int:
        return store.index_documents(self.path, docs)

    def delete_documents(self, ids: Iterable[int]) -> None:
        store.delete_documents(self.path, ids)

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        return store.rebuild(self.path, docs, progress)

    def drop(self) -> None:
        store.drop(self.path)
        vectors = vector_store.store_path(self.config)
        matrix.forget(vectors)
        vector_store.drop(vectors)

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        return store.count(self.path)

    def describe(self) -> dict:
        return {"engine": self.name, "index": str(self.path), "documents": self.count()}

    def search(self, query: SearchQuery, understood=None, **extra) -> SearchResults:
        parsed = understood or understand(query.text)
        key = os.path.abspath(self.path)
        return store.read(self.path, lambda conn: pages.search(conn, query, parsed, key, **extra))

    # -- vectors: the in-process matrix of the vector store ------------------------------------
    def vector(self, material_id: int):
        return matrix.current(vector_store.store_path(self.config)).vector(material_id)

    def knn(
        self,
        vector,
        query: SearchQuery,
        understood=None,
        k: int = 100,
        floor: float = -1.0,
        exclude=(),
    ):
        """The ``k`` nearest materials the query's filters admit, as hits (score: cosine)."""
        parsed = understood or understand(query.text)
        key = os.path.abspath(self.path)
        vectors = matrix.current(vector_store.store_path(self.config))

        def run(conn):
            allowed = pages.allowed_ids(conn, query, parsed, key)
            near = vectors.nearest(vector, k, allowed, floor, tuple(exclude))
            docs = pages.payloads(conn, [i for i, _s in near])
            return [hit_from_document(docs[i], s, {}) for i, s in near if i in docs]

        return store.read(self.path, run)

    def knn_search(self, vector, query: SearchQuery, understood, k: int, floor: float, shown=None):
        """``knn`` and ``search`` with the neighbours as ``extra_ids``, in one read
        transaction: (neighbours, results). ``vector`` may be a function computing the
        query's vector: it then runs in a thread while the words are matched and ranked.
        ``shown(neighbours, hits)``: the ids of the word matches shown, the only ones whose
        words are marked (marking costs about 70 µs a hit); by default all are."""
        key = os.path.abspath(self.path)
        vectors = matrix.current(vector_store.store_path(self.config))
        pending = _embedding.submit(vector) if callable(vector) else None
        near: list = []

        def run(conn):
            def neighbours() -> list[int]:
                vec = pending.result() if pending is not None else vector
                allowed = pages.allowed_ids(conn, query, understood, key)
                found = vectors.nearest(vec, k, allowed, floor)
                docs = pages.payloads(conn, [i for i, _s in found])
                near.extend(hit_from_document(docs[i], s, {}) for i, s in found if i in docs)
                return [h.id for h in near]

            marked = None if shown is None else (lambda hits: shown(near, hits))
            return pages.search(conn, query, understood, key, extra_ids=neighbours, marked=marked)

        try:
            results = store.read(self.path, run)
        finally:
            if pending is not None:
                pending.cancel()
        return near, results

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return store.read(self.path, lambda conn: pages.suggest(conn, prefix, limit))
