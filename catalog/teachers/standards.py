"""The teachers app's one door to standards (issue 4): the alignments a fork starts with, how
a teacher's list of codes resolves, and the teacher alignments of a published adaptation.

Every call degrades to "no standards" when ``catalog.standards`` lacks what we need, so forks
and publishing keep working while that app changes."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

logger = logging.getLogger(__name__)
TEACHES = "teaches"


def source_alignments(materials: Iterable) -> list[dict]:
    """The alignments of source materials, as editable entries (code when resolved)."""
    out: dict[tuple[str, str], dict] = {}
    for material in materials:
        related = getattr(material, "alignments", None)
        if related is None:
            continue
        try:
            rows = list(related.select_related("item"))
        except Exception:  # noqa: BLE001 - the standards app changed shape: no alignments
            logger.exception("reading alignments of material %s failed", material.pk)
            continue
        for a in rows:
            target = (a.item.code if a.item_id else a.target) or ""
            if target:
                out.setdefault(
                    (target, a.alignment_type),
                    {"target": target, "alignment_type": a.alignment_type},
                )
    return list(out.values())


def parse_codes(text: str, previous: Sequence[dict] = ()) -> list[dict]:
    """One standard per line (code, URI or GUID); types of entries kept from ``previous``."""
    types = {e["target"]: e.get("alignment_type", TEACHES) for e in previous}
    seen, out = set(), []
    for line in (text or "").splitlines():
        target = line.strip()[:1000]
        if target and target not in seen:
            seen.add(target)
            out.append({"target": target, "alignment_type": types.get(target, TEACHES)})
    return out


def codes_text(alignments: Sequence[dict]) -> str:
    return "\n".join(e["target"] for e in alignments)


def describe(alignments: Sequence[dict]) -> list[dict]:
    """Entries with their standard item (None when the code does not resolve, or no app)."""
    items = {}
    try:
        from catalog.standards.selectors import items_lookup

        items = items_lookup(e["target"] for e in alignments)
    except Exception:  # noqa: BLE001 - unresolved is an honest answer
        logger.debug("standards lookup unavailable", exc_info=True)
    return [{**e, "item": items.get(e["target"])} for e in alignments]


def publish(material, alignments: Sequence[dict]) -> None:
    """Make the published material's teacher alignments exactly these."""
    try:
        from catalog.materials.records import AlignmentRef
        from catalog.standards.services import alignment_set
    except ImportError:
        return
    refs = [
        AlignmentRef(target=e["target"], alignment_type=e.get("alignment_type", TEACHES))
        for e in alignments
    ]
    alignment_set(material, refs, origin="teacher")
