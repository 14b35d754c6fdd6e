"""Writes to alignments. Harvesters, the admin and teachers all come through here, so every
change announces ``materials_changed`` (search re-indexes standards codes) after commit.

References are resolved in bulk to items; a reference that matches nothing is still stored
(``target`` kept, ``item`` null) so curators see it and a later import can resolve it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from catalog.materials.records import AlignmentRef
from catalog.materials.signals import announce_materials_changed

from .models import Alignment, AlignmentOrigin, AlignmentType, StandardItem
from .resolve import resolve_refs

LRMI_TYPES = {value.lower(): value for value in AlignmentType.values}


def _alignment_type(raw: str) -> str:
    return LRMI_TYPES.get((raw or "").strip().lower(), AlignmentType.TEACHES)


@transaction.atomic
def alignment_set(material, refs: Iterable[AlignmentRef], origin: str = "harvested") -> dict:
    """Make ``material``'s alignments of ``origin`` exactly ``refs``.

    Alignments of other origins (a curator's, a teacher's) are left alone, so a re-harvest
    never undoes curation. Returns counts: created, deleted, unchanged, unresolved.
    """
    if origin not in AlignmentOrigin.values:
        raise ValueError(f"unknown alignment origin {origin!r}")
    wanted: dict[tuple[str, str], AlignmentRef] = {}
    for ref in refs:
        target = (ref.target or "").strip()[:1000]
        if target:
            wanted[(target, _alignment_type(ref.alignment_type))] = ref
    found = resolve_refs(target for target, _ in wanted)
    current = {
        (a.target, a.alignment_type): a
        for a in Alignment.objects.filter(material=material, origin=origin)
    }
    others = set(
        Alignment.objects.filter(material=material)
        .exclude(origin=origin)
        .values_list("target", "alignment_type")
    )
    stale = [a.pk for key, a in current.items() if key not in wanted]
    Alignment.objects.filter(pk__in=stale).delete()
    new = [
        Alignment(
            material=material,
            item_id=found.get(target),
            target=target,
            framework_hint=(ref.framework or "")[:500],
            alignment_type=kind,
            origin=origin,
        )
        for (target, kind), ref in wanted.items()
        if (target, kind) not in current and (target, kind) not in others
    ]
    Alignment.objects.bulk_create(new)
    relinked = [
        a for key, a in current.items() if key in wanted and a.item_id is None and found.get(key[0])
    ]
    for a in relinked:
        a.item_id = found[a.target]
    Alignment.objects.bulk_update(relinked, ["item"])
    if new or stale or relinked:
        announce_materials_changed([material.pk])
    return {
        "created": len(new),
        "deleted": len(stale),
        "unchanged": len(wanted) - len(new),
        "unresolved": sum(1 for target, _ in wanted if target not in found),
    }


@transaction.atomic
def alignment_add(
    material,
    item: StandardItem,
    *,
    alignment_type: str = AlignmentType.TEACHES,
    origin: str = AlignmentOrigin.CURATOR,
    user=None,
) -> Alignment:
    """Align ``material`` to ``item`` (a curator or teacher choosing it); idempotent."""
    alignment, _ = Alignment.objects.update_or_create(
        material=material,
        target=item.identifier[:1000],
        alignment_type=_alignment_type(alignment_type),
        defaults={"item": item, "origin": origin, "created_by": user},
    )
    announce_materials_changed([material.pk])
    return alignment


def alignment_creator_record(alignment: Alignment, user) -> None:
    """Name the curator who made ``alignment`` in the admin's snippet form (kept if set)."""
    if alignment.created_by_id is None and user is not None:
        Alignment.objects.filter(pk=alignment.pk, created_by__isnull=True).update(created_by=user)
        alignment.created_by = user


@transaction.atomic
def alignment_remove(alignment: Alignment) -> None:
    material_id = alignment.material_id
    alignment.delete()
    announce_materials_changed([material_id])
