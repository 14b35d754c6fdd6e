"""Which materials are on a published approved list: the latest version of each live list.

Search indexes this (``approved_lists`` and ``approved_jurisdictions`` of a material's
document); ``receivers`` announces the materials whose membership may have changed when a
version is published or deleted and when a list page goes live or is unpublished.

A list's key is ``<jurisdiction>:<page slug>`` (``US-WA:math-3-5``). Versions are frozen once
written, so the material ids of each version are read once per process and kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from .models import ApprovedListPage, ListVersion

# (version id, published at) → material ids: the time guards against an id reused after a
# rolled-back transaction.
_ids_of_version: dict[tuple, frozenset[int]] = {}
_lock = threading.Lock()
_CACHE_MAX = 1024


@dataclass(frozen=True)
class PublishedList:
    key: str
    jurisdiction: str
    title: str
    version_id: int
    published_at: object


def list_key(jurisdiction: str, slug: str) -> str:
    return f"{jurisdiction}:{slug}"


def published_lists() -> list[PublishedList]:
    """The latest version of every live list page that has one, by key."""
    rows = (
        ListVersion.objects.filter(list_page__live=True)
        .order_by("list_page_id", "-number")
        .values_list(
            "pk",
            "published_at",
            "list_page_id",
            "list_page__jurisdiction",
            "list_page__slug",
            "list_page__title",
        )
    )
    out, seen = [], set()
    for pk, at, page_id, jurisdiction, slug, title in rows:
        if page_id not in seen:
            seen.add(page_id)
            out.append(PublishedList(list_key(jurisdiction, slug), jurisdiction, title, pk, at))
    return sorted(out, key=lambda p: p.key)


def _material_ids(published: PublishedList) -> frozenset[int]:
    """Material ids a version lists (versions never change: read once per process)."""
    key = (published.version_id, published.published_at)
    with _lock:
        cached = _ids_of_version.get(key)
    if cached is not None:
        return cached
    entries = ListVersion.objects.filter(pk=published.version_id).values_list("entries", flat=True)
    ids = frozenset(ListVersion.material_ids_of(entries.first()))
    with _lock:
        if len(_ids_of_version) >= _CACHE_MAX:
            _ids_of_version.clear()
        _ids_of_version[key] = ids
    return ids


def memberships(material_ids: Iterable[int] | None = None) -> dict[int, list[PublishedList]]:
    """Material id → the published lists it is on (only materials on at least one list).

    ``material_ids`` None: every material. A fixed number of queries for any number of
    materials (plus one per version the process has not read yet).
    """
    wanted = None if material_ids is None else {int(i) for i in material_ids}
    out: dict[int, list[PublishedList]] = {}
    for published in published_lists():
        ids = _material_ids(published)
        for material_id in ids if wanted is None else ids & wanted:
            out.setdefault(material_id, []).append(published)
    return out


def page_material_ids(page: ApprovedListPage) -> set[int]:
    """Materials of the page's latest version (what search shows as on this list)."""
    latest = ListVersion.objects.filter(list_page=page).order_by("-number").first()
    return set(latest.material_ids) if latest else set()
