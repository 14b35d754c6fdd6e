"""Reads over the registry: the curator review queue, material counts per license."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from catalog.materials.models import Material, MaterialStatus

from .models import License
from .resolver import Resolution, resolve
from .text import mapping_key


@dataclass(frozen=True)
class UnresolvedString:
    raw: str
    key: str
    materials: int
    resolution: Resolution


def unresolved_license_strings(limit: int | None = None) -> list[UnresolvedString]:
    """Distinct raw strings on materials that resolve to no License, most frequent first.

    Strings that differ only in case or spacing are one entry (they share one mapping).
    """
    rows = (
        Material.objects.filter(license__isnull=True)
        .values("license_raw")
        .annotate(n=Count("id"))
        .order_by("-n", "license_raw")
    )
    merged: dict[str, UnresolvedString] = {}
    for row in rows:
        raw = row["license_raw"]
        key = mapping_key(raw)
        res = resolve(raw)
        if res.license is not None:
            continue  # resolved since the material was saved (a new mapping): relink pending
        prev = merged.get(key)
        n = row["n"] + (prev.materials if prev else 0)
        merged[key] = UnresolvedString(prev.raw if prev else raw, key, n, res)
    out = sorted(merged.values(), key=lambda u: (-u.materials, u.key))
    return out[:limit] if limit else out


def license_material_counts() -> dict[int, int]:
    """License pk → number of active materials under it."""
    rows = (
        Material.objects.filter(status=MaterialStatus.ACTIVE, license__isnull=False)
        .values("license")
        .annotate(n=Count("id"))
    )
    return {row["license"]: row["n"] for row in rows}


def license_get(key: str) -> License | None:
    return License.objects.filter(key__iexact=key).first()
