"""What the provider serves: every material of the catalog (withdrawn ones as deleted
records, kept for ever), and one set per published list whose members are the materials of
its latest version; a material dropped from a list stays in that set as a deleted record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone

from catalog.lists.models import ApprovedListPage, ListVersion
from catalog.lists.selectors import published_lists
from catalog.materials.models import Material

from .errors import NoRecordsMatch, NoSetHierarchy
from .protocol import OAIRequest

SET_PREFIX = "list-"


@dataclass
class ListSet:
    spec: str
    name: str
    description: str
    current: set[int] = field(default_factory=set)
    changed_at: dict[int, dt.datetime] = field(default_factory=dict)  # every material ever in it


@dataclass(frozen=True)
class Item:
    material: Material
    datestamp: dt.datetime
    deleted: bool
    sets: tuple[str, ...]


def set_spec(page: ApprovedListPage) -> str:
    return f"{SET_PREFIX}{page.slug}"


def list_sets() -> dict[str, ListSet]:
    """One set per live list with at least one published version."""
    out: dict[str, ListSet] = {}
    pages = published_lists()
    versions = ListVersion.objects.filter(list_page__in=pages).order_by("list_page_id", "number")
    by_page: dict[int, list[ListVersion]] = {}
    for version in versions:
        by_page.setdefault(version.list_page_id, []).append(version)
    for page in pages.order_by("title"):
        spec = set_spec(page)
        info = ListSet(
            spec=spec,
            name=page.title,
            description=(
                f"{page.jurisdiction} approved list: {page.subject}, grades {page.grade_band}"
            ),
        )
        for version in by_page.get(page.pk, []):
            log = version.changelog
            for change in (*log.get("added", []), *log.get("removed", []), *log.get("changed", [])):
                info.changed_at[change["material_id"]] = version.published_at
            info.current = version.material_ids  # the last one wins
        out[spec] = info
    return out


def _memberships(sets: dict[str, ListSet]) -> dict[int, tuple[str, ...]]:
    member: dict[int, list[str]] = {}
    for spec, info in sets.items():
        for mid in info.current:
            member.setdefault(mid, []).append(spec)
    return {mid: tuple(specs) for mid, specs in member.items()}


def earliest_datestamp() -> dt.datetime:
    first = Material.objects.aggregate(first=Min("updated_at"))["first"]
    return first or timezone.now()


def latest_change() -> dt.datetime | None:
    return Material.objects.aggregate(last=Max("updated_at"))["last"]


def _in_range(moment: dt.datetime, request: OAIRequest) -> bool:
    return (request.from_ is None or moment >= request.from_) and (
        request.until is None or moment <= request.until
    )


def item_for(material: Material, sets: dict[str, ListSet] | None = None) -> Item:
    sets = list_sets() if sets is None else sets
    return Item(
        material=material,
        datestamp=material.updated_at,
        deleted=material.is_withdrawn,
        sets=_memberships(sets).get(material.pk, ()),
    )


def select(request: OAIRequest, page_size: int) -> tuple[list[Item], int, int | None]:
    """One page of items: (items, complete list size, last pk when more follow)."""
    sets = list_sets()
    members = _memberships(sets)
    if request.set_spec:
        if not sets:
            raise NoSetHierarchy("This repository has no sets yet (no list is published).")
        items, total, last = _select_in_set(request, sets.get(request.set_spec), members, page_size)
    else:
        items, total, last = _select_all(request, members, page_size)
    if total == 0:
        raise NoRecordsMatch("No records match the request.")
    return items, total, last


def _select_all(request, members, page_size):
    qs = Material.objects.select_related("license").order_by("pk")
    if request.from_:
        qs = qs.filter(updated_at__gte=request.from_)
    if request.until:
        qs = qs.filter(updated_at__lte=request.until)
    total = qs.count()
    chunk = list(qs.filter(pk__gt=request.after_pk)[: page_size + 1])
    more = len(chunk) > page_size
    chunk = chunk[:page_size]
    items = [Item(m, m.updated_at, m.is_withdrawn, members.get(m.pk, ())) for m in chunk]
    return items, total, (chunk[-1].pk if more else None)


def _select_in_set(request, info: ListSet | None, members, page_size):
    if info is None:
        return [], 0, None
    materials = Material.objects.select_related("license").in_bulk(list(info.changed_at))
    rows = []
    for mid in sorted(materials):
        material = materials[mid]
        stamp = max(material.updated_at, info.changed_at[mid])
        deleted = mid not in info.current or material.is_withdrawn
        if _in_range(stamp, request):
            specs = tuple(dict.fromkeys((*members.get(mid, ()), info.spec)))
            rows.append(Item(material, stamp, deleted, specs))
    total = len(rows)
    after = [r for r in rows if r.material.pk > request.after_pk]
    more = len(after) > page_size
    after = after[:page_size]
    return after, total, (after[-1].material.pk if more else None)
