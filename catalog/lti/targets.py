"""What a resource link opens: ``material:<slug>``, ``adaptation:<id>``, ``collection:<token>``
or ``list:<page id>``, resolved to what the LMS frame shows (only what the public may see)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from catalog.lists.selectors import published_lists_public
from catalog.materials.selectors import material_get_public
from catalog.teachers.licensing import adaptation_credit, material_credit
from catalog.teachers.selectors import adaptation_for_viewer, collection_for_viewer

KINDS = ("material", "adaptation", "collection", "list")


class UnknownTarget(ValueError):
    """The target is malformed, or names nothing the public may open."""


@dataclass(frozen=True)
class Item:
    title: str
    page_url: str
    source_url: str
    attribution: str


@dataclass(frozen=True)
class Target:
    kind: str
    key: str
    title: str
    description: str
    page_url: str  # the registry's own page (path)
    source_url: str  # the resource itself, where it lives
    attribution: str  # TASL, plain text
    items: tuple[Item, ...] = field(default=())

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"


def parse(ref: str) -> tuple[str, str]:
    kind, _, key = (ref or "").strip().partition(":")
    if kind not in KINDS or not key:
        raise UnknownTarget(f"unknown target {ref!r}; use one of {', '.join(KINDS)}:<id>")
    return kind, key


def _material_item(material) -> Item:
    return Item(
        title=material.effective("title"),
        page_url=f"/materials/{material.slug}/",
        source_url=material.effective("url") or "",
        attribution=material_credit(material).text,
    )


def _material(key: str) -> Target:
    material = material_get_public(key)
    if material is None:
        raise UnknownTarget("no such material")
    item = _material_item(material)
    return Target(
        "material",
        key,
        item.title,
        material.effective("description") or "",
        item.page_url,
        item.source_url,
        item.attribution,
    )


def _adaptation(key: str) -> Target:
    if not key.isdigit():
        raise UnknownTarget("no such adaptation")
    adaptation = adaptation_for_viewer(int(key), AnonymousUser())
    if adaptation is None:
        raise UnknownTarget("no such adaptation")
    url = adaptation.get_absolute_url()
    sources = [s.material for s in adaptation.sources.all()]
    return Target(
        "adaptation",
        key,
        adaptation.title,
        adaptation.description,
        url,
        url,
        adaptation_credit(adaptation, url, sources).text,
        tuple(_material_item(m) for m in sources),
    )


def _collection(key: str) -> Target:
    try:
        token = uuid.UUID(key)
    except ValueError as exc:
        raise UnknownTarget("no such collection") from exc
    collection = collection_for_viewer(token, AnonymousUser())
    if collection is None:
        raise UnknownTarget("no such collection")
    items = tuple(
        _material_item(i.material) for i in collection.items.all() if not i.material.is_withdrawn
    )
    url = collection.get_absolute_url()
    return Target(
        "collection",
        key,
        collection.title,
        collection.description,
        url,
        url,
        f"“{collection.title}”, a collection of {len(items)} openly licensed materials; "
        "each is credited below.",
        items,
    )


def _list(key: str) -> Target:
    page = published_lists_public().filter(pk=int(key)).first() if key.isdigit() else None
    if page is None:
        raise UnknownTarget("no such list")
    url = page.url or f"/lists/{page.pk}/"
    return Target(
        "list",
        key,
        page.title,
        f"Approved instructional materials: {page.subject} ({page.jurisdiction})",
        url,
        url,
        f"“{page.title}”, an approved instructional materials list ({page.jurisdiction}).",
    )


_RESOLVERS = {
    "material": _material,
    "adaptation": _adaptation,
    "collection": _collection,
    "list": _list,
}


def resolve(ref: str) -> Target:
    kind, key = parse(ref)
    return _RESOLVERS[kind](key)
