"""How the Elasticsearch engine reports a cluster it cannot use: ``EngineUnavailable``."""

from __future__ import annotations

from elasticsearch import exceptions as es_exc

from ...query import EngineUnavailable

# What the client raises for a refused request or a cluster out of reach.
CLIENT_ERRORS = (es_exc.ApiError, es_exc.TransportError)


def unavailable(exc: Exception) -> EngineUnavailable:
    return EngineUnavailable(f"Elasticsearch is unavailable: {exc.__class__.__name__}: {exc}")


def not_built() -> EngineUnavailable:
    return EngineUnavailable(
        "the search index has not been built yet: run manage.py search_index rebuild"
    )
