"""Withdrawals: a material is withdrawn, never deleted (hidden from search and lists, kept
for provenance); a source that drops records withdraws its source records."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import Material, MaterialSource, MaterialStatus
from ..signals import announce_materials_changed
from .dedupe import refresh_materials
from .values import LicenseCache

WITHDRAWN = "withdrawn"


@transaction.atomic
def material_withdraw(material: Material, reason: str) -> None:
    """Withdraw (never delete): hidden from search and lists, kept for provenance."""
    if material.is_withdrawn:
        return
    material.status = MaterialStatus.WITHDRAWN
    material.withdrawn_reason = reason[:300]
    material.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    announce_materials_changed([material.pk])


@transaction.atomic
def material_withdraw_records(source_key: str, remote_ids: Iterable[str], reason: str) -> list[int]:
    """A source no longer has these records: mark its source records withdrawn. A material
    whose every source is withdrawn is withdrawn; one that other sources still carry keeps
    going with their values. Returns the ids of the materials withdrawn now."""
    ids = list(dict.fromkeys(remote_ids))
    if not ids:
        return []
    sources = list(
        MaterialSource.objects.filter(source_key=source_key, remote_id__in=ids, withdrawn=False)
    )
    if not sources:
        return []
    MaterialSource.objects.filter(pk__in=[s.pk for s in sources]).update(withdrawn=True)
    material_ids = {s.material_id for s in sources}
    still_live = set(
        MaterialSource.objects.filter(material_id__in=material_ids, withdrawn=False).values_list(
            "material_id", flat=True
        )
    )
    gone = sorted(material_ids - still_live)
    Material.objects.filter(pk__in=gone).exclude(status=MaterialStatus.WITHDRAWN).update(
        status=MaterialStatus.WITHDRAWN, withdrawn_reason=reason[:300], updated_at=timezone.now()
    )
    if still_live:
        materials = list(Material.objects.filter(pk__in=still_live & material_ids))
        refresh_materials(materials, LicenseCache(), timezone.now())
    announce_materials_changed(material_ids)
    return gone
