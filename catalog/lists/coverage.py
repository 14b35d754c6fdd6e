"""Coverage report: for a list and a standards framework, which standards (by grade and
domain, within the list's grade band) have approved materials aligned to them, and which have
none — the gaps state staff should fill.

A standard counts as covered when an approved material is aligned to it or to one of its
descendants (a material aligned to "3.OA.A.1a" covers "3.OA.A.1")."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import compat
from .page_selectors import version_latest
from .selectors import entries_to_publish

GRADE_ALIASES = {"KG": "K", "PK": "PK", "K": "K"}


def _grade(level: str) -> str | None:
    level = str(level).strip().upper()
    if level in GRADE_ALIASES:
        return GRADE_ALIASES[level]
    return str(int(level)) if level.isdigit() else None


def _grade_number(code: str) -> int:
    return {"PK": -1, "K": 0}.get(code, int(code) if code.isdigit() else 99)


@dataclass
class Cell:
    grade: str
    domain: str
    covered: list = field(default_factory=list)  # (item, [material ids])
    gaps: list = field(default_factory=list)


@dataclass
class Coverage:
    framework: object
    cells: list[Cell]
    material_ids: set[int]

    @property
    def total(self) -> int:
        return sum(len(c.covered) + len(c.gaps) for c in self.cells)

    @property
    def covered(self) -> int:
        return sum(len(c.covered) for c in self.cells)


def _domain(item, by_id) -> str:
    """The item's domain: an ancestor typed "Domain", else the second part of its code."""
    node = item
    while node is not None:
        if "domain" in (node.item_type or "").lower():
            return node.human_coding_scheme or node.abbreviated_statement or node.statement[:40]
        node = by_id.get(node.parent_id)
    parts = (item.human_coding_scheme or "").split(".")
    return parts[1] if len(parts) > 2 else "—"


def _is_standard(item, has_children: set[int], typed: bool) -> bool:
    if typed:
        return (item.item_type or "").lower() == "standard"
    return item.pk not in has_children


def coverage_report(list_page, framework) -> Coverage:
    """Approved materials are those of the latest published version (else the approved
    entries, before a first publication)."""
    version = version_latest(list_page)
    if version is not None:
        material_ids = version.material_ids
    else:
        material_ids = set(entries_to_publish(list_page).values_list("material_id", flat=True))
    items = compat.framework_items(framework)
    by_id = {i.pk: i for i in items}
    has_children = {i.parent_id for i in items if i.parent_id}
    typed = any((i.item_type or "").lower() == "standard" for i in items)
    aligned = compat.aligned_item_ids(material_ids)
    # Roll alignments up the tree: a material aligned to a component covers its standard.
    covering: dict[int, set[int]] = {}
    for item_id, mids in aligned.items():
        node = by_id.get(item_id)
        while node is not None:
            covering.setdefault(node.pk, set()).update(mids)
            node = by_id.get(node.parent_id)
    band = range(list_page.grade_min, list_page.grade_max + 1)
    cells: dict[tuple[str, str], Cell] = {}
    for item in items:
        if not _is_standard(item, has_children, typed):
            continue
        grades = [g for g in (_grade(x) for x in item.education_levels) if g is not None]
        grades = [g for g in grades if _grade_number(g) in band]
        if not grades:
            continue
        domain = _domain(item, by_id)
        for grade in grades:
            cell = cells.setdefault((grade, domain), Cell(grade, domain))
            mids = sorted(covering.get(item.pk, ()))
            (cell.covered if mids else cell.gaps).append((item, mids))
    ordered = sorted(cells.values(), key=lambda c: (_grade_number(c.grade), c.domain))
    return Coverage(framework=framework, cells=ordered, material_ids=set(material_ids))
