"""Search engines. ``get_engine()`` returns the one settings.OER_SEARCH selects."""

from __future__ import annotations

from django.conf import settings

from .base import Engine


def get_engine(config: dict | None = None) -> Engine:
    config = config or settings.OER_SEARCH
    if config["ENGINE"] == "elasticsearch":
        from .elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine(config)
    from .fts5 import Fts5Engine

    return Fts5Engine(config)


__all__ = ["Engine", "get_engine"]
