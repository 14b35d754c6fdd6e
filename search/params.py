"""Request parameters (page and API) → SearchQuery. One parser so both accept the same URLs."""

from __future__ import annotations

from django.http import QueryDict

from .query import FACETS, FILTERS, BadQuery, SearchQuery

MAX_TEXT = 300
KNOWN = {
    "q",
    "sort",
    "page",
    "per_page",
    "cursor",
    "facets",
    "format",
    "mode",
    "include_suggested",
} | set(FILTERS)
TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}


def _int(params: QueryDict, name: str, default: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BadQuery(f"{name} must be a whole number, not {raw[:20]!r}") from exc


def _flag(params: QueryDict, name: str) -> bool:
    raw = params.get(name, "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise BadQuery(f"{name} must be true or false, not {raw[:20]!r}")


def query_from_params(
    params: QueryDict, *, per_page: int = 20, strict: bool = False
) -> SearchQuery:
    """``strict`` (the API) rejects unknown parameters; the page ignores them."""
    if strict:
        unknown = sorted(set(params) - KNOWN)
        if unknown:
            raise BadQuery(
                f"unknown parameter {unknown[0]!r}; use q, mode, sort, page, per_page, "
                f"cursor, facets, include_suggested or one of {', '.join(FILTERS)}"
            )
    text = params.get("q", "")
    if len(text) > MAX_TEXT:
        raise BadQuery(f"q is longer than {MAX_TEXT} characters")
    filters = {name: params.getlist(name) for name in FILTERS if params.getlist(name)}
    facets = FACETS
    if params.get("facets") is not None:
        facets = tuple(f for f in params.get("facets", "").split(",") if f)
    return SearchQuery.build(
        text,
        filters,
        facets=facets,
        sort=params.get("sort") or "relevance",
        page=_int(params, "page", 1),
        per_page=_int(params, "per_page", per_page) if strict else per_page,
        cursor=params.get("cursor") or None,
        mode=params.get("mode") or "hybrid",
        include_suggested=_flag(params, "include_suggested"),
    )
