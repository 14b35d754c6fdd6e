"""Resolving references (identifiers, URIs, codes, GUIDs) to items, in bulk.

Used by imports (associations and alignments waiting for their target) and by the alignment
service. One query per batch of references, never one per reference.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from catalog.materials.signals import announce_materials_changed

from .codes import lookup_keys
from .models import Alignment, Association, StandardCode

# Which code kinds win when a reference matches several items: an item's own identifier
# beats its URI, which beats a human code, an ASN id, a GUID, and the canonical CCSS key.
KIND_RANK = {"identifier": 0, "uri": 1, "ccss_guid": 2, "asn": 3, "human": 4, "ccss_key": 5}


def resolve_refs(refs: Iterable[str]) -> dict[str, int]:
    """Map each reference to the id of the best matching active item (absent: no match)."""
    keys_by_ref = {ref: lookup_keys(ref) for ref in set(refs) if ref}
    all_keys = {k for keys in keys_by_ref.values() for k in keys}
    best: dict[str, tuple] = {}
    keys = sorted(all_keys)
    for start in range(0, len(keys), 500):
        rows = StandardCode.objects.filter(
            code__in=keys[start : start + 500], item__retired=False
        ).values_list("code", "kind", "item_id", "item__statement")
        for code, kind, item_id, statement in rows:
            # Prefer items that carry a statement (the ASN/CASE copy over the bare GUID).
            rank = (KIND_RANK.get(kind, 9), 0 if statement else 1, item_id)
            if code not in best or rank < best[code]:
                best[code] = rank
    resolved: dict[str, int] = {}
    for ref, ref_keys in keys_by_ref.items():
        for key in ref_keys:
            if key in best:
                resolved[ref] = best[key][2]
                break
    return resolved


def associations_resolve() -> int:
    """Point unresolved association ends at items that now exist; returns links resolved."""
    pending = list(
        Association.objects.filter(Q(origin__isnull=True) | Q(destination__isnull=True)).only(
            "pk", "origin_ref", "destination_ref", "origin_id", "destination_id"
        )
    )
    if not pending:
        return 0
    refs = {a.origin_ref for a in pending if a.origin_id is None}
    refs |= {a.destination_ref for a in pending if a.destination_id is None}
    found = resolve_refs(refs)
    changed = []
    for a in pending:
        before = (a.origin_id, a.destination_id)
        a.origin_id = a.origin_id or found.get(a.origin_ref)
        a.destination_id = a.destination_id or found.get(a.destination_ref)
        if (a.origin_id, a.destination_id) != before:
            changed.append(a)
    Association.objects.bulk_update(changed, ["origin", "destination"], batch_size=1000)
    return len(changed)


def alignments_resolve() -> int:
    """Attach alignments kept with an unresolved target to items imported since."""
    pending = list(Alignment.objects.filter(item__isnull=True).only("pk", "target", "material"))
    if not pending:
        return 0
    found = resolve_refs(a.target for a in pending)
    changed = [a for a in pending if a.target in found]
    for a in changed:
        a.item_id = found[a.target]
    Alignment.objects.bulk_update(changed, ["item"], batch_size=1000)
    if changed:
        announce_materials_changed(a.material_id for a in changed)
    return len(changed)
