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
from ...textparse import parse_text
from ..base import Engine
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

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        return store.count(self.path)

    def describe(self) -> dict:
        return {"engine": self.name, "index": str(self.path), "documents": self.count()}

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_text(query.text)
        key = os.path.abspath(self.path)
        return store.read(self.path, lambda conn: pages.search(conn, query, parsed, key))

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return store.read(self.path, lambda conn: pages.suggest(conn, prefix, limit))
