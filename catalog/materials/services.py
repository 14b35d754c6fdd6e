"""Writes to materials: upsert from a MaterialRecord, withdraw. Each announces the change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from url_normalize import url_normalize

from catalog.licenses.resolver import resolve as resolve_license

from .grades import grade_range, parse_grades
from .models import HARVESTED_FIELDS, Material, MaterialStatus
from .records import MaterialRecord
from .signals import announce_materials_changed

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class UpsertResult:
    material: Material
    outcome: str  # CREATED / UPDATED / UNCHANGED


def canonical_url(url: str) -> str:
    """A URL normalised for deduplication: scheme and host lower-cased, default ports and
    fragments dropped, ``http``/``https`` and a leading ``www.`` treated alike."""
    if not url:
        return ""
    try:
        normal = url_normalize(url.strip(), default_scheme="https")
    except Exception:  # a malformed URL keeps its raw form rather than failing the import
        normal = url.strip()
    normal = normal.split("#", 1)[0]
    normal = normal.replace("http://", "https://", 1).replace("https://www.", "https://", 1)
    return normal.rstrip("/")


def _harvested_values(record: MaterialRecord) -> dict:
    grades = parse_grades(record.grades)
    lo, hi = grade_range(grades)
    return {
        "title": record.title[:500],
        "description": record.description,
        "url": record.url[:1000],
        "license_raw": record.license_raw[:500],
        "subjects": list(record.subjects),
        "grades": grades,
        "resource_types": list(record.resource_types),
        "educational_use": list(record.educational_use),
        "language": record.language[:20],
        "keywords": list(record.keywords),
        "authors": list(record.authors),
        "publisher": record.publisher[:300],
        "provider": record.provider[:300],
        "date_created": record.date_created,
        "date_modified": record.date_modified,
        "accessibility": list(record.accessibility),
        "grade_min": lo,
        "grade_max": hi,
    }


@transaction.atomic
def material_upsert(source_key: str, record: MaterialRecord) -> UpsertResult:
    """Create or refresh the material for (source_key, record.remote_id).

    Only harvested fields are written; curator overrides, notes and status stay. A material
    that had been withdrawn and reappears at its source becomes active again.
    """
    digest = record.content_hash()
    material = (
        Material.objects.select_for_update()
        .filter(source_key=source_key, remote_id=record.remote_id)
        .first()
    )
    if material and material.content_hash == digest and not material.is_withdrawn:
        return UpsertResult(material, UNCHANGED)

    values = _harvested_values(record)
    values["canonical_url"] = canonical_url(record.url)
    values["license"] = resolve_license(record.license_raw).license
    values["content_hash"] = digest
    if material is None:
        material = Material(
            source_key=source_key,
            remote_id=record.remote_id,
            slug=Material.make_slug(record.title, f"{source_key}:{record.remote_id}"),
            **values,
        )
        outcome = CREATED
    else:
        for name, value in values.items():
            setattr(material, name, value)
        if material.is_withdrawn:
            material.status = MaterialStatus.ACTIVE
            material.withdrawn_reason = ""
        outcome = UPDATED
    material.save()
    announce_materials_changed([material.pk])
    return UpsertResult(material, outcome)


@transaction.atomic
def material_withdraw(material: Material, reason: str) -> None:
    """Withdraw (never delete): hidden from search and lists, kept for provenance."""
    if material.is_withdrawn:
        return
    material.status = MaterialStatus.WITHDRAWN
    material.withdrawn_reason = reason[:300]
    material.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    announce_materials_changed([material.pk])


__all__ = ["HARVESTED_FIELDS", "material_upsert", "material_withdraw", "canonical_url"]
