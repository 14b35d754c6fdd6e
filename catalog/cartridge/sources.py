"""What goes into a cartridge, read from a published list version or a teacher collection.

Selectors: they turn stored rows into ``package.About`` and ``package.Link`` values. A list
version's cartridge is built from the version's frozen rows, so "version 3" exports the same
materials forever. Each link points at the material's own http(s) URL, or at its page in the
registry when the source gave none (or a URL that is not a web link). The TASL attribution
comes from ``catalog.licenses.rules.attribution``, the one place attribution is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from catalog.licenses.rules import LicenseTerms, Work, attribution, site_of, source_name
from catalog.licenses.selectors import license_get
from catalog.materials.web_urls import web_url

from .package import About, Link

MAX_KEYWORDS = 20
APPROVED_WITH_CONDITIONS = "approved_conditions"


def grade_code(grade: int) -> str:
    """A list page's grade number as the code materials use: -1 → "PK", 0 → "K"."""
    return {-1: "PK", 0: "K"}.get(grade, str(grade))


def _grade_order(code: str):
    return {"PK": -1, "K": 0}.get(code, int(code) if code.isdigit() else 99)


def _keywords(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for word in group:
            if word and word.strip() and len(seen) < MAX_KEYWORDS:
                seen.setdefault(word.strip(), None)
    return tuple(seen)


class _Licences:
    """Licences by key, read once per cartridge; a row whose key is unknown keeps its name."""

    def __init__(self):
        self._by_key: dict[str, object] = {}

    def get(self, key: str, name: str, url: str):
        if key and key not in self._by_key:
            self._by_key[key] = license_get(key)
        found = self._by_key.get(key) if key else None
        if found is not None:
            return found
        if name:
            return LicenseTerms(key="", name=name, family="unknown", uri=web_url(url))
        return None


def _link(title, authors, url, fallback_url, licence, source="", **extra) -> Link:
    target = web_url(url) or fallback_url
    credit = attribution(
        Work(
            title=title,
            authors=tuple(a for a in authors if isinstance(a, str) and a.strip()),
            url=target,
            license=licence,
            source=source,
            source_url=site_of(target),
        )
    )
    terms = LicenseTerms.of(licence) if licence is not None else None
    return Link(
        title=title,
        url=target,
        attribution_text=credit.text,
        attribution_html=credit.html,
        license_name=terms.name if terms else "",
        license_url=terms.uri if terms else "",
        **extra,
    )


def list_cartridge(page, version, base_url: str) -> tuple[About, list[Link]]:
    """A published version of an approved list: one link per row, grouped by tier."""
    rows = version.entries or []
    licences = _Licences()
    links = []
    for row in rows:
        note = ""
        if row.get("decision") == APPROVED_WITH_CONDITIONS and row.get("conditions"):
            note = f"Approved with conditions: {row['conditions']}"
        links.append(
            _link(
                row["title"],
                row.get("authors") or [],
                row.get("url", ""),
                f"{base_url}/materials/{row['slug']}/",
                licences.get(
                    row.get("license_key", ""),
                    row.get("license_name", ""),
                    row.get("license_url", ""),
                ),
                source=row.get("publisher") or "",
                group=row.get("tier") or "",
                note=note,
            )
        )
    published = version.published_at.date()
    review_dates = [dt.date.fromisoformat(r["review_date"]) for r in rows if r.get("review_date")]
    reviewed = max(review_dates) if review_dates else published
    grades = tuple(grade_code(g) for g in range(page.grade_min, page.grade_max + 1))
    effective = ""
    if page.effective_date:
        effective = f" Effective {page.effective_date.isoformat()}"
        if page.expiry_date:
            effective += f" to {page.expiry_date.isoformat()}"
        effective += "."
    description = (
        f"Approved instructional materials list of {page.jurisdiction}: {page.subject}, "
        f"grades {page.grade_band}. Version {version.number}, published "
        f"{published.isoformat()}; reviewed {reviewed.isoformat()}.{effective} "
        f"{len(links)} materials."
    )
    about = About(
        key=f"list-{page.pk}-v{version.number}",
        title=f"{page.title} (version {version.number})",
        description=description,
        url=f"{base_url}{version.get_absolute_url()}",
        kind="list",
        keywords=_keywords(
            [page.subject, page.jurisdiction, "approved instructional materials"],
            (s for r in rows for s in r.get("subjects") or []),
        ),
        grades=grades,
        jurisdiction=page.jurisdiction,
        version=version.number,
        reviewed=reviewed,
        published=published,
        publisher=settings.WAGTAIL_SITE_NAME,
    )
    return about, links


def collection_cartridge(collection, base_url: str) -> tuple[About, list[Link]]:
    """A teacher collection: one link per item, in the teacher's order, with the item's note."""
    items = list(collection.items.all())
    licences = _Licences()
    links = []
    for item in items:
        material = item.material
        licence = material.license or licences.get("", material.license_raw, "")
        links.append(
            _link(
                str(material.effective("title")),
                material.effective("authors") or [],
                material.effective("url") or "",
                f"{base_url}{material.get_absolute_url()}",
                licence,
                source=source_name(material),
                note=item.note,
            )
        )
    grades = {g for item in items for g in item.material.effective("grades") or []}
    subjects = (s for item in items for s in item.material.effective("subjects") or [])
    description = collection.description.strip() or f"A collection of {len(links)} materials."
    about = About(
        key=f"collection-{collection.token}",
        title=collection.title,
        description=description,
        url=f"{base_url}{collection.get_absolute_url()}",
        kind="collection",
        keywords=_keywords(subjects),
        grades=tuple(sorted(grades, key=_grade_order)),
        published=collection.updated_at.date(),
        publisher=settings.WAGTAIL_SITE_NAME,
    )
    return about, links
