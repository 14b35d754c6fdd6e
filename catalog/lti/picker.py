"""What the deep-linking picker shows: search hits, public collections and approved lists.

Materials come from the search service (the same ranking as the public search page);
collections and lists are few, matched on their titles.
"""

from __future__ import annotations

from catalog.lists.selectors import published_lists_public
from catalog.teachers.selectors import collections_public
from search.query import BadQuery, EngineUnavailable, SearchQuery
from search.service import search

from .deep_linking import LINK, LTI_RESOURCE_LINK

PER_PAGE = 20
SMALL = 10
MAX_QUERY = 200


def picker_context(launch_id: str, dl_settings: dict, text: str) -> dict:
    text = " ".join((text or "").split())[:MAX_QUERY]
    accept = dl_settings.get("accept_types") or []
    context = {
        "launch_id": launch_id,
        "q": text,
        "title": dl_settings.get("title") or "",
        "multiple": dl_settings.get("accept_multiple") not in (False, "false"),
        "kinds": [k for k in (LTI_RESOURCE_LINK, LINK) if k in accept],
        "hits": (),
        "total": 0,
        "collections": (),
        "lists": (),
        "error": "",
    }
    if not text:
        return context
    try:
        results = search(SearchQuery.build(text, per_page=PER_PAGE, facets=()))
        context.update(hits=results.hits, total=results.total)
    except (BadQuery, EngineUnavailable) as exc:
        context["error"] = str(exc) or "Search is unavailable right now."
    context["collections"] = list(collections_public().filter(title__icontains=text)[:SMALL])
    context["lists"] = list(published_lists_public().filter(title__icontains=text)[:SMALL])
    return context
