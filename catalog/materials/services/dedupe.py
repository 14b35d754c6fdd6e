"""Deduplication: one Material from several source records.

A new source record joins an existing Material when its canonical URL or one of its shared
identifiers (DOI, ISBN, handle) matches. The Material's harvested fields are then, field by
field, the non-empty value of its highest-priority live source. Curator ``overrides`` are
never written here; the harvested value stays beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import HARVESTED_FIELDS, Material, MaterialIdentifier, MaterialSource, MaterialStatus
from ..records import MaterialRecord
from .urls import canonical_url
from .values import WRITTEN_FIELDS, LicenseCache, model_value

# A change to one of these on an approved material sends it back to review.
REREVIEW_FIELDS = ("license_raw", "url", "title", "description")


def identifier_keys(record: MaterialRecord) -> list[str]:
    return [i.strip().lower() for i in record.identifiers if i and i.strip()]


def find_matches(records: Sequence[MaterialRecord], curls: dict[str, str]) -> tuple[dict, dict]:
    """Existing materials by canonical URL and by shared identifier, for the new records."""
    urls = set(curls.values())
    urls.discard("")
    by_url: dict[str, Material] = {}
    if urls:
        for m in Material.objects.filter(canonical_url__in=urls).order_by("pk"):
            by_url.setdefault(m.canonical_url, m)
    keys = {k for r in records for k in identifier_keys(r)}
    by_id: dict[str, Material] = {}
    if keys:
        for ident in MaterialIdentifier.objects.filter(value__in=keys).select_related("material"):
            by_id.setdefault(ident.value, ident.material)
    return by_url, by_id


def merged_values(sources: Sequence[MaterialSource]) -> dict:
    """Per field, the first non-empty value among live sources by priority (then age)."""
    live = sorted(
        (s for s in sources if not s.withdrawn and s.values),
        key=lambda s: (-s.priority, s.pk or 0),
    )
    merged: dict = {}
    for name in HARVESTED_FIELDS:
        for src in live:
            value = src.values.get(name)
            if value not in (None, "", [], {}):
                merged[name] = value
                if name == "grades":
                    merged["grade_min"] = src.values.get("grade_min")
                    merged["grade_max"] = src.values.get("grade_max")
                break
    if live and not merged.get("title"):
        merged["title"] = live[0].values.get("title", "")
    return merged


def merged_hash(sources: Sequence[MaterialSource]) -> str:
    live = sorted((s for s in sources if not s.withdrawn), key=lambda s: (-s.priority, s.pk or 0))
    return live[0].content_hash if live else ""


def _apply(material: Material, values: dict, licenses: LicenseCache, now) -> list[str]:
    """Write merged harvested values onto a material; returns the names that changed."""
    changed = []
    for name in WRITTEN_FIELDS:
        if name not in values:
            continue
        value = model_value(name, values[name])
        if getattr(material, name) != value:
            setattr(material, name, value)
            changed.append(name)
    if "url" in changed or not material.canonical_url:
        material.canonical_url = canonical_url(material.url)
    if "license_raw" in changed or (material.license_id is None and material.license_raw):
        material.license = licenses.get_license(material.license_raw)
    material.updated_at = now
    return changed


def refresh_materials(materials: list[Material], cache: LicenseCache, now) -> None:
    """Recompute the per-field winners of these materials from their sources (a material
    whose sources came back is active again; a changed reviewed field flags a re-review)."""
    sources: dict[int, list[MaterialSource]] = {}
    for src in MaterialSource.objects.filter(material_id__in=[m.pk for m in materials]):
        sources.setdefault(src.material_id, []).append(src)
    dirty = []
    for material in materials:
        mine = sources.get(material.pk, [])
        merged = merged_values(mine)
        if not merged:
            continue
        before = {name: getattr(material, name) for name in REREVIEW_FIELDS}
        changed = _apply(material, merged, cache, now)
        material.content_hash = merged_hash(mine)
        if material.is_withdrawn:
            material.status = MaterialStatus.ACTIVE
            material.withdrawn_reason = ""
        rereview = [n for n in REREVIEW_FIELDS if n in changed and before[n]]
        if rereview and material.reviewed_at:
            material.needs_rereview = True
            material.rereview_reason = ("source changed " + ", ".join(rereview))[:300]
        dirty.append(material)
    if dirty:
        Material.objects.bulk_update(
            dirty,
            [
                *WRITTEN_FIELDS,
                "canonical_url",
                "license",
                "content_hash",
                "status",
                "withdrawn_reason",
                "needs_rereview",
                "rereview_reason",
                "updated_at",
            ],
            batch_size=500,
        )
