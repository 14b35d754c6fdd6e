"""Search page and JSON API: parse the request, call the search service, render."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.licenses.openapi import OPENAPI_PATHS as LICENSE_PATHS
from catalog.licenses.vocabulary import BUCKET_LABELS
from catalog.lists.api import OPENAPI_PATHS as LISTS_PATHS
from catalog.materials.grades import K12_CODES
from catalog.standards.codes import display_codes

from . import presentation, service
from .params import query_from_params
from .query import (
    FACETS,
    FILTERS,
    MAX_CURSOR_OFFSET,
    SORTS,
    BadQuery,
    EngineUnavailable,
    SearchResults,
)
from .textparse import code_keys, normalize_code

log = logging.getLogger(__name__)
# Titles of facets and filters presentation.FACET_TITLES does not name.
TITLES = {
    **presentation.FACET_TITLES,
    "approved_jurisdiction": "On an approved list of",
    "standard": "Standard",
}
FILTER_HELP = {
    "approved_list": "On a published approved list, by key <jurisdiction>:<list slug> "
    "(e.g. US-WA:math-3-5; the approved_list facet lists them)",
    "approved_jurisdiction": "On any published approved list of a jurisdiction (e.g. US-WA)",
    "standard": "Aligned to a standard code, in any spelling (3.NF.A.1)",
}
UNAVAILABLE = (
    "Search is temporarily unavailable. The catalog is safe; please try again in a minute."
)


def _url(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode()


def _pages(request: HttpRequest, res: SearchResults) -> dict:
    page, last = res.query.page, res.pages
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    numbers, prev = [], 0
    for n in window:
        if n - prev > 1:
            numbers.append({"gap": True})
        numbers.append({"number": n, "url": _url(request, page=n), "current": n == page})
        prev = n
    return {
        "numbers": numbers,
        "prev": _url(request, page=page - 1) if page > 1 else None,
        "next": _url(request, page=page + 1) if page < last else None,
    }


def _list_titles(res: SearchResults) -> dict[str, str]:
    """Approved-list key → "Title (jurisdiction)", when the page shows any list."""
    shown = res.facet("approved_list")
    if not (shown and shown.values) and "approved_list" not in res.query.filter_map:
        return {}
    from catalog.lists.membership import published_lists

    return {p.key: f"{p.title} ({p.jurisdiction})" for p in published_lists()}


def _label(name: str, value: str, lists: dict[str, str]) -> str:
    if name == "approved_list":
        return lists.get(value, value)
    return presentation.value_label(name, value)


def _facets(res: SearchResults, lists: dict[str, str]) -> list[dict]:
    """Facets as the page shows them: grades in school order, others by count; the first
    few values at once and the rest behind "Show more" (a ticked value is never hidden).

    A standard code typed into the Standard box that names no counted value is shown ticked
    without a count: its filter matches every spelling and crosswalk of the code, which the
    facet (the codes of aligned statements) does not count."""
    out = []
    for facet in res.facets:
        values = [
            {
                "value": v.value,
                "label": _label(facet.name, v.value, lists),
                "count": v.count,
                "count_words": presentation.materials_count(v.count),
                "selected": v.selected,
                "uncounted": facet.name == "standard" and v.selected and not v.count,
                "id": f"f-{facet.name}-{i}",
            }
            for i, v in enumerate(facet.values)
        ]
        if not values:
            continue
        values = presentation.facet_values_ordered(facet.name, values)
        shown = presentation.FACET_SHOWN
        if facet.name == "grade":  # every school grade at once, post-secondary behind more
            shown = max(shown, sum(1 for v in values if v["value"] in K12_CODES))
        first, more = presentation.facet_split(values, shown)
        out.append(
            {
                "name": facet.name,
                "title": TITLES.get(facet.name, facet.name),
                "values": first,
                "more": more,
                "selected": sum(1 for v in values if v["selected"]),
            }
        )
    return out


def _cards(res: SearchResults) -> list[dict]:
    suggested = _only_suggested(res)
    return [
        {
            "hit": h,
            "grades": presentation.grade_summary(h.grades),
            "codes": display_codes(h.standards),
            "bucket_words": BUCKET_LABELS.get(h.license_bucket, "License unknown"),
            # Found by the standard filter through a suggested alignment only.
            "suggested": h.id in suggested,
        }
        for h in res.hits
    ]


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    context: dict = {
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", "relevance"),
        "sorts": [("relevance", "Best match"), ("newest", "Newest"), ("title", "Title A–Z")],
        "mode": request.GET.get("mode", "hybrid"),
        "modes": [
            ("hybrid", "Words and meaning"),
            ("lexical", "Exact words"),
            ("semantic", "Meaning"),
        ],
        "error": None,
        "standard_codes": [c for c in request.GET.getlist("standard") if c.strip()],
        "include_suggested": request.GET.get("include_suggested", "") in {"1", "true", "on"},
    }
    status = 200
    try:
        query = query_from_params(request.GET)
        res = service.search(query)
    except BadQuery as exc:
        context["error"], status = str(exc), 400
    except EngineUnavailable:
        log.exception("search engine unavailable")
        context["error"], status = UNAVAILABLE, 503
    else:
        lists = _list_titles(res)
        facets = _facets(res, lists)
        context.update(
            past_end=_past_end(request, res),
            notes=_notes(res),
            results=res,
            cards=_cards(res),
            facets=[f for f in facets if f["name"] != "standard"],
            # Shown in the Standard group, above its box for typing a code: one ``standard``
            # parameter, whether ticked here or typed.
            standard_facet=next((f for f in facets if f["name"] == "standard"), None),
            pages=_pages(request, res),
            alternatives=_alternatives(request, query, res),
            selected=[
                {
                    "facet": TITLES.get(name, name),
                    "label": _label(name, v, lists),
                    "remove": _remove_url(request, name, v),
                }
                for name, values in query.filters
                for v in values
            ],
        )
    return render(request, "search/search.html", context, status=status)


def _past_end(request: HttpRequest, res: SearchResults) -> dict | None:
    """A page number beyond the last page of results that exist: the page says so and links
    the last page, instead of a total beside "No materials match"."""
    query = res.query
    if query.cursor or not res.total or query.page <= res.pages:
        return None
    return {
        "page": query.page,
        "total": res.total,
        "pages": res.pages,
        "last_url": _url(request, page=res.pages),
    }


def _params_url(params) -> str:
    query = QueryDict(mutable=True)
    for key, value in dict(params).items():
        if isinstance(value, list | tuple):
            query.setlist(key, [str(v) for v in value])
        elif value is not None:
            query[key] = str(value)
    return "?" + query.urlencode()


def _notes(res: SearchResults) -> list[dict]:
    """What the search did besides matching, as {text, url, link}. A note is plain words, or
    a mapping with its words (``text``) and an optional other search (``url`` or query
    ``params``, worded by ``link``): "Showing results for photosynthesis — search instead
    for photosynthsis"."""
    out = []
    for note in res.notes:
        if isinstance(note, Mapping):
            url = note.get("url") or (_params_url(note["params"]) if note.get("params") else "")
            text = note.get("text") or note.get("label") or ""
            out.append({"text": text, "url": url, "link": note.get("link") or ""})
        elif note:
            out.append({"text": str(note), "url": "", "link": ""})
    return out


FEW = 5  # results under which the page offers other searches


def _alternatives(request: HttpRequest, query, res: SearchResults) -> list[dict]:
    """Other searches when little matched: by meaning, without the filters, all grades."""
    offered = [
        {"label": alt["label"], "url": _params_url(alt.get("params") or {})}
        for alt in res.alternatives
        if alt.get("label")
    ]
    if res.total >= FEW or not query.text:
        return offered
    out = offered
    if query.mode != "semantic":
        out.append(
            {
                "label": "Materials close in meaning",
                "url": _url(request, mode="semantic", page=None),
            }
        )
    if query.filters:
        out.append({"label": f"“{query.text}” without filters", "url": _only_q(query.text)})
    return out


def _only_q(text: str) -> str:
    params = QueryDict(mutable=True)
    params["q"] = text
    return "?" + params.urlencode()


def _remove_url(request: HttpRequest, name: str, value: str) -> str:
    params = request.GET.copy()
    params.setlist(name, [v for v in params.getlist(name) if v != value])
    params.pop("page", None)
    return "?" + params.urlencode()


# -- JSON API ------------------------------------------------------------------------------


def _error(message: str, status: int) -> JsonResponse:
    """The shape of every error under /api/ (oer_registry.api_errors answers the others)."""
    return JsonResponse({"error": message, "status": status}, status=status)


def _only_suggested(res: SearchResults) -> set[int]:
    """Ids of hits the standard filter admitted through a suggested alignment only."""
    if not res.query.include_suggested:
        return set()
    wanted = {normalize_code(c) for c in res.query.filter_map.get("standard", ())}
    return {h.id for h in res.hits if wanted and not wanted & set(code_keys(h.standards))}


def results_json(res: SearchResults) -> dict:
    suggested = _only_suggested(res)
    return {
        "mode": res.query.mode,
        "notes": list(res.notes),
        "total": res.total,
        "page": res.query.page,
        "pages": res.pages,
        "per_page": res.query.per_page,
        "next_cursor": res.next_cursor,
        "results": [
            {
                "id": h.id,
                "title": h.title,
                "url": h.url,
                "description": h.description[:500],
                "provider": h.provider,
                "grades": list(h.grades),
                "subjects": list(h.subjects),
                "resource_types": list(h.resource_types),
                "license": h.license_key,
                "license_bucket": h.license_bucket,
                "standards": list(h.standards),
                "date_created": h.date_created,
                "score": round(h.score, 4),
                "highlights": dict(h.highlights),
                "matched": list(h.matched),
                "suggested_alignment": h.id in suggested,
            }
            for h in res.hits
        ],
        "facets": {
            f.name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in f.values]
            for f in res.facets
        },
    }


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    try:
        res = service.search(query_from_params(request.GET, strict=True))
    except BadQuery as exc:
        return _error(str(exc), 400)
    except EngineUnavailable:
        log.exception("search engine unavailable")
        return _error(UNAVAILABLE, 503)
    if not res.query.cursor and res.total and res.query.page > res.pages:
        return past_end_json(res)
    return JsonResponse(results_json(res))


def past_end_json(res: SearchResults) -> JsonResponse:
    """A page beyond the last one is a 404 with the totals, never an empty 200 whose total
    claims results the page cannot show (the same choice as Django's paginator)."""
    query = res.query
    per = "result" if res.total == 1 else "results"
    message = (
        f"page {query.page} is past the end: {res.total} {per} over {res.pages} "
        f"page{'s' if res.pages != 1 else ''} of {query.per_page}"
    )
    body = {"error": message, "status": 404, "total": res.total, "pages": res.pages}
    return JsonResponse(body, status=404)


@require_GET
def api_similar(request: HttpRequest, pk: int) -> JsonResponse:
    """Semantic neighbours of a material, those under the same licence bucket first."""
    try:
        limit = min(max(int(request.GET.get("limit", "10")), 1), 50)
    except ValueError:
        return _error("limit must be a whole number", 400)
    try:
        hits = service.similar(pk, limit)
    except service.NotIndexed:
        return _error("no such material in the search index", 404)
    except EngineUnavailable:
        log.exception("search engine unavailable")
        return _error(UNAVAILABLE, 503)
    return JsonResponse(
        {
            "id": pk,
            "results": [
                {
                    "id": h.id,
                    "title": h.title,
                    "url": h.url,
                    "license_bucket": h.license_bucket,
                    "similarity": round(h.score, 4),
                }
                for h in hits
            ],
        }
    )


@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    q = request.GET.get("q", "")
    if len(q) > 100:
        return _error("q is longer than 100 characters", 400)
    try:
        return JsonResponse({"q": q, "suggestions": service.suggest(q)})
    except EngineUnavailable:
        return _error(UNAVAILABLE, 503)


@require_GET
def api_openapi(request: HttpRequest) -> JsonResponse:
    filter_params = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
            "description": FILTER_HELP.get(name, f"Filter by {name}")
            + "; repeat for OR within the facet",
        }
        for name in FILTERS
    ]
    error = {
        "description": "Bad parameter",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string", "description": "what to fix"},
                        "status": {"type": "integer"},
                    },
                }
            }
        },
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "OER Registry search API", "version": "1"},
        "paths": {
            "/api/v1/search": {
                "get": {
                    "summary": "Search materials, with facet counts",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 300},
                        },
                        {
                            "name": "mode",
                            "in": "query",
                            "schema": {"enum": ["hybrid", "lexical", "semantic"]},
                            "description": "hybrid (default): words and meaning fused; lexical: "
                            "words only; semantic: meaning only. Each result's `matched` says "
                            "which found it (`standard` when the query is standard codes only)",
                        },
                        {"name": "sort", "in": "query", "schema": {"enum": list(SORTS)}},
                        {
                            "name": "include_suggested",
                            "in": "query",
                            "schema": {"type": "boolean", "default": False},
                            "description": "the standard filter also admits materials whose "
                            "alignment is only suggested (pending a curator); those results "
                            "have `suggested_alignment` true",
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        },
                        {
                            "name": "cursor",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "next_cursor of the previous answer (deep paging, "
                            f"up to {MAX_CURSOR_OFFSET:,} results deep); any other value is a 400",
                        },
                        {
                            "name": "facets",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": f"comma-separated subset of {', '.join(FACETS)}",
                        },
                        *filter_params,
                    ],
                    "responses": {
                        "200": {"description": "Results and facets"},
                        "400": error,
                        "404": {
                            "description": "page is past the last page of results; the "
                            "answer carries `total` and `pages` besides `error`",
                        },
                        "503": {"description": "Search engine unavailable"},
                    },
                }
            },
            "/api/v1/suggest": {
                "get": {
                    "summary": "Typeahead: titles, subjects, standard codes",
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "Suggestions"}, "400": error},
                }
            },
            **LISTS_PATHS,
            **LICENSE_PATHS,
        },
    }
    return JsonResponse(spec)
