"""The teachers app's one door to standards: the alignments a fork starts with, how a
teacher's list of codes resolves, and the teacher alignments of a published adaptation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from catalog.materials.records import AlignmentRef
from catalog.standards.selectors import items_lookup
from catalog.standards.services import alignment_set
from catalog.standards.suggestions.selectors import material_suggestions

from .services.errors import AdaptationRefused

TEACHES = "teaches"
SUGGESTED = "suggested"  # ``origin`` of an entry the teacher ticked among the suggestions


def source_alignments(materials: Iterable) -> list[dict]:
    """The alignments of source materials, as editable entries (code when resolved)."""
    out: dict[tuple[str, str], dict] = {}
    for material in materials:
        for a in material.alignments.select_related("item"):
            target = (a.item.code if a.item_id else a.target) or ""
            if target:
                out.setdefault(
                    (target, a.alignment_type),
                    {"target": target, "alignment_type": a.alignment_type},
                )
    return list(out.values())


def suggested_alignments(material, codes: Iterable[str], existing: Sequence[dict] = ()):
    """Entries for the ``codes`` a teacher ticked among ``material``'s suggested standards
    (the ones the customize page shows), marked ``origin: suggested``; codes already in
    ``existing`` are skipped. A code that is not among them raises AdaptationRefused."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        return []
    offered = {s.code: s.item.code for s in material_suggestions(material.pk)}
    unknown = [c for c in wanted if c not in offered]
    if unknown:
        raise AdaptationRefused(
            "These standards are not among the suggestions for this material, so nothing "
            "was created: " + ", ".join(unknown[:10]) + ". Tick only the suggested codes."
        )
    have = {e["target"] for e in existing}
    return [
        {"target": offered[c], "alignment_type": TEACHES, "origin": SUGGESTED}
        for c in wanted
        if offered[c] not in have
    ]


def parse_codes(text: str, previous: Sequence[dict] = ()) -> list[dict]:
    """One standard per line (code, URI or GUID); types and origins of entries kept from
    ``previous``."""
    before = {e["target"]: e for e in previous}
    seen, out = set(), []
    for line in (text or "").splitlines():
        target = line.strip()[:1000]
        if target and target not in seen:
            seen.add(target)
            old = before.get(target, {})
            entry = {"target": target, "alignment_type": old.get("alignment_type", TEACHES)}
            if old.get("origin"):
                entry["origin"] = old["origin"]
            out.append(entry)
    return out


def unknown_targets(alignments: Sequence[dict], previous: Sequence[dict] = ()) -> list[str]:
    """Targets a teacher added that name no standard in the registry. Entries the work already
    had (harvested from its sources, perhaps not imported yet) are kept, never questioned."""
    before = {e["target"] for e in previous}
    added = [e["target"] for e in alignments if e["target"] not in before]
    found = items_lookup(added) if added else {}
    return [t for t in added if t not in found]


def codes_text(alignments: Sequence[dict]) -> str:
    return "\n".join(e["target"] for e in alignments)


def describe(alignments: Sequence[dict]) -> list[dict]:
    """Entries with their standard item (None when the code does not resolve)."""
    items = items_lookup(e["target"] for e in alignments)
    return [{**e, "item": items.get(e["target"])} for e in alignments]


def publish(material, alignments: Sequence[dict]) -> None:
    """Make the published material's teacher alignments exactly these."""
    refs = [
        AlignmentRef(target=e["target"], alignment_type=e.get("alignment_type", TEACHES))
        for e in alignments
    ]
    alignment_set(material, refs, origin="teacher")
