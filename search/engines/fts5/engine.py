"""The SQLite FTS5 engine: the ``Engine`` interface over one index file (``store``).

Writes go to ``store``; a search or suggestion runs in one read transaction of the live file
and is answered by ``pages``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from ...query import SearchQuery, SearchResults
from ...understanding import understand
from ...vectors import matrix
from ...vectors import store as vector_store
from ..base import Engine, hit_from_document
from . import pages, store


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

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return store.read(self.path, lambda conn: pages.suggest(conn, prefix, limit))
