"""What the deep-linking picker shows: search hits, public collections and approved lists.

Materials come from the search service (the same ranking as the public search page);
collections and lists are few, matched on their titles. The catalog does not import ``search``
(dependencies point one way): the search app registers its material finder here when it starts,
as it registers its outbox consumer.
"""

from __future__ import annotations

from collections.abc import Callable

from catalog.lists.selectors import published_lists_public
from catalog.teachers.selectors import collections_public

from .deep_linking import LINK, LTI_RESOURCE_LINK


class MaterialSearchError(Exception):
    """The finder could not answer (bad query, engine down); its message is for the teacher."""


# text, per page → (hits, total). Registered by the search app (search/apps.py).
_material_finder: Callable[[str, int], tuple[list, int]] | None = None


def register_material_finder(finder: Callable[[str, int], tuple[list, int]]) -> None:
    global _material_finder
    _material_finder = finder


def _find_materials(text: str, per_page: int) -> tuple[list, int]:
    if _material_finder is None:
        raise RuntimeError("no material finder registered: is the search app installed?")
    return _material_finder(text, per_page)


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
        hits, total = _find_materials(text, PER_PAGE)
        context.update(hits=hits, total=total)
    except MaterialSearchError as exc:
        context["error"] = str(exc) or "Search is unavailable right now."
    context["collections"] = list(collections_public().filter(title__icontains=text)[:SMALL])
    context["lists"] = list(published_lists_public().filter(title__icontains=text)[:SMALL])
    return context
