"""Writes to the registry: load the data file, map a raw string to a License (the review queue).

Each write drops the resolver's in-memory registry so the next resolve sees it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from catalog.materials.models import Material
from catalog.materials.services.licensing import materials_license_set

from . import registry
from .models import License, LicenseMapping
from .resolver import resolve
from .text import clean, mapping_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "licenses.json"
_FIELDS = [
    f.name for f in License._meta.concrete_fields if f.name not in ("id", "key", "replaced_by")
]


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    not_in_file: int  # kept (materials may point at them), reported


def license_registry_load(path: Path = DATA_FILE) -> LoadResult:
    """Create or update every License in the data file, by key. Running it twice changes nothing."""
    rows = json.loads(Path(path).read_text("utf-8"))["licenses"]
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {lic.key: lic for lic in License.objects.all()}
        for row in rows:
            values = {name: row.get(name, "") for name in _FIELDS}
            values["aliases"] = list(row.get("aliases", []))
            lic = existing.get(row["key"])
            if lic is None:
                existing[row["key"]] = License.objects.create(key=row["key"], **values)
                created += 1
            elif any(getattr(lic, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(lic, k, v)
                lic.save()
                updated += 1
            else:
                unchanged += 1
        for row in rows:
            lic = existing[row["key"]]
            target = existing.get(row.get("replaced_by") or "")
            if lic.replaced_by_id != (target.pk if target else None):
                lic.replaced_by = target
                lic.save(update_fields=["replaced_by"])
        in_file = {row["key"] for row in rows}
        not_in_file = sum(1 for key in existing if key not in in_file)
    registry.changed()
    return LoadResult(created, updated, unchanged, not_in_file)


def license_mapping_set(
    raw: str, license: License, *, user=None, note: str = ""
) -> tuple[LicenseMapping, int]:
    """Map a raw string to a License once; apply it to every material carrying the string.

    Returns the mapping and how many materials changed. Future harvests pick it up because the
    resolver consults mappings first.
    """
    key = mapping_key(raw)
    if not key:
        raise ValueError("cannot map an empty license string")
    with transaction.atomic():
        mapping, _ = LicenseMapping.objects.update_or_create(
            raw_key=key,
            defaults={
                "raw": clean(raw)[:500],
                "license": license,
                "note": note[:300],
                "created_by": user,
            },
        )
        registry.changed()
        changed = materials_relink(key)
    return mapping, changed


def license_mapping_delete(mapping: LicenseMapping) -> int:
    """Remove a curator mapping; materials with that string are resolved again by the rules."""
    key = mapping.raw_key
    with transaction.atomic():
        mapping.delete()
        registry.changed()
        return materials_relink(key)


def materials_relink(raw_key: str | None = None) -> int:
    """Re-resolve materials (those whose string has ``raw_key``, or all) and save changed links.

    The links are written by ``materials_license_set``: changed rows get a new ``updated_at``
    and their ids are announced once, so search re-indexes them.
    """
    raws = Material.objects.values_list("license_raw", flat=True).distinct()
    wanted = [r for r in raws if raw_key is None or mapping_key(r) == raw_key]
    links: dict = {}
    for raw in wanted:
        lic = resolve(raw).license
        ids = Material.objects.filter(license_raw=raw).values_list("pk", flat=True)
        links.setdefault(lic, []).extend(ids)
    return len(materials_license_set(links))
