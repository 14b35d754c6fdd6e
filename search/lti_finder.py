"""The LTI deep-linking picker's material search: the public search service, no facets."""

from __future__ import annotations

from catalog.lti.picker import MaterialSearchError

from .query import BadQuery, EngineUnavailable, SearchQuery
from .service import search


def find_materials(text: str, per_page: int) -> tuple[list, int]:
    try:
        results = search(SearchQuery.build(text, per_page=per_page, facets=()))
    except (BadQuery, EngineUnavailable) as exc:
        raise MaterialSearchError(str(exc)) from exc
    return list(results.hits), results.total
