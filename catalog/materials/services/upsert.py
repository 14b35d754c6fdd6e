"""Upserts: create or refresh Materials from MaterialRecords, one or a batch, on the source's
identity (source key, remote id). Each batch announces its changes once, after commit.

A record is one *source record* (``MaterialSource``, unique on source key and remote id); a
new one joins a matching Material (``dedupe``) or creates one. Only harvested fields are
written; curator overrides, notes and status stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from django.db import transaction
from django.utils import timezone

from ..bulk_rows import insert_rows
from ..models import Material, MaterialIdentifier, MaterialSource
from ..records import MaterialRecord
from ..signals import announce_materials_changed
from ..web_urls import require_web_url
from .dedupe import find_matches, identifier_keys, refresh_materials
from .urls import canonical_url
from .values import WRITTEN_FIELDS, LicenseCache, harvested_values, model_value

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class UpsertResult:
    material_id: int
    outcome: str  # CREATED / UPDATED / UNCHANGED
    remote_id: str = ""
    loaded: Material | None = dataclass_field(default=None, repr=False, compare=False)

    @property
    def material(self) -> Material:
        """The material (loaded on first use when the batch created it from plain rows)."""
        if self.loaded is None:
            object.__setattr__(self, "loaded", Material.objects.get(pk=self.material_id))
        return self.loaded


class _NewMaterial:
    """A material this batch creates, as a plain row until it is inserted and has a pk."""

    __slots__ = ("row", "pk")

    def __init__(self, row: dict):
        self.row, self.pk = row, None


@transaction.atomic
def material_upsert_many(
    source_key: str,
    records: Iterable[MaterialRecord],
    *,
    priority: int = 0,
    licenses: dict | None = None,
) -> list[UpsertResult]:
    """Create or refresh the materials of a batch of records from one source.

    One query per kind of work (lookups, bulk inserts, bulk updates) rather than per record,
    and one ``materials_changed`` for the whole batch. Results are in input order (a remote
    id repeated within the batch keeps its last record).
    """
    latest: dict[str, MaterialRecord] = {}
    for record in records:
        latest[record.remote_id] = _with_web_url(record)
    if not latest:
        return []
    cache = licenses if isinstance(licenses, LicenseCache) else LicenseCache(licenses or {})
    now = timezone.now()
    digests = {rid: rec.content_hash() for rid, rec in latest.items()}
    existing = {
        s.remote_id: s
        for s in MaterialSource.objects.filter(
            source_key=source_key, remote_id__in=list(latest)
        ).select_related("material")
    }
    outcomes: dict[str, str] = {}
    material_of: dict[str, Material] = {}
    touched: dict[int, Material] = {}
    new_sources: list[tuple[MaterialSource, MaterialRecord]] = []
    changed_sources: list[MaterialSource] = []

    # 1. Source records we already know.
    for rid, src in existing.items():
        material = src.material
        material_of[rid] = material
        if src.content_hash == digests[rid] and not src.withdrawn and not material.is_withdrawn:
            outcomes[rid] = UNCHANGED
            continue
        record = latest[rid]
        src.values = harvested_values(record)
        src.content_hash = digests[rid]
        src.url = record.url[:1000]
        src.priority = priority
        src.withdrawn = False
        src.last_changed = now
        changed_sources.append(src)
        touched[material.pk] = material
        outcomes[rid] = UPDATED

    # 2. New source records: join a matching material or create one.
    fresh = [latest[rid] for rid in latest if rid not in existing]
    curls = {r.remote_id: canonical_url(r.url) for r in fresh}
    by_url, by_id = find_matches(fresh, curls)
    to_create: list[_NewMaterial] = []
    for record in fresh:
        rid = record.remote_id
        values = harvested_values(record)
        curl = curls[rid]
        keys = identifier_keys(record)
        material = (by_url.get(curl) if curl else None) or next(
            (by_id[k] for k in keys if k in by_id), None
        )
        if material is None:
            stored_url = curl if len(record.url) <= 1000 else canonical_url(values["url"])
            material = _NewMaterial(
                _new_row(source_key, rid, values, digests[rid], stored_url, cache, now)
            )
            to_create.append(material)
            outcomes[rid] = CREATED
        else:
            if isinstance(material, Material):
                touched[material.pk] = material
            outcomes[rid] = UPDATED
        if curl:
            by_url.setdefault(curl, material)
        for k in keys:
            by_id.setdefault(k, material)
        material_of[rid] = material
        src = {
            "source_key": source_key,
            "remote_id": rid,
            "priority": priority,
            "url": record.url[:1000],
            "values": values,
            "content_hash": digests[rid],
            "last_changed": now,
        }
        new_sources.append((src, record))

    if to_create:
        ids = insert_rows(Material, [m.row for m in to_create], returning=True)
        for pending, pk in zip(to_create, ids, strict=True):
            pending.pk = pk
    if new_sources:
        insert_rows(
            MaterialSource,
            [{**row, "material_id": material_of[row["remote_id"]].pk} for row, _ in new_sources],
        )
    if changed_sources:
        MaterialSource.objects.bulk_update(
            changed_sources,
            ["values", "content_hash", "url", "priority", "withdrawn", "last_changed"],
            batch_size=500,
        )
    identifiers = [
        {"material_id": material_of[rec.remote_id].pk, "value": k}
        for _src, rec in new_sources
        for k in identifier_keys(rec)
    ]
    if identifiers:
        insert_rows(MaterialIdentifier, identifiers, ignore_conflicts=True)

    # 3. Recompute the per-field winners of every touched existing material.
    if touched:
        refresh_materials(list(touched.values()), cache, now)

    changed_ids = [m.pk for m in to_create] + list(touched)
    announce_materials_changed(changed_ids)
    return [
        UpsertResult(material_of[rid].pk, outcomes[rid], rid, _loaded(material_of[rid]))
        for rid in latest
    ]


def _with_web_url(record: MaterialRecord) -> MaterialRecord:
    """The record with its URL checked: only http(s) links are stored (the URL becomes an
    ``href`` on public pages). A bad one raises ``UnsafeURLError`` before anything is written."""
    url = require_web_url(record.url)
    return record if url == record.url else replace(record, url=url)


def _loaded(material) -> Material | None:
    return material if isinstance(material, Material) else None


def _new_row(source_key: str, rid: str, values: dict, digest: str, curl: str, cache, now) -> dict:
    """The row of a material created from one source record's harvested values."""
    row = {name: model_value(name, values[name]) for name in WRITTEN_FIELDS if name in values}
    row.update(
        source_key=source_key,
        remote_id=rid,
        slug=Material.make_slug(values["title"], f"{source_key}:{rid}"),
        content_hash=digest,
        canonical_url=curl,
        updated_at=now,
        created_at=now,
    )
    lic = cache.get_license(row["license_raw"]) if row.get("license_raw") else None
    row["license_id"] = lic.pk if lic is not None else None
    return row


def material_upsert(source_key: str, record: MaterialRecord, *, priority: int = 0) -> UpsertResult:
    """Create or refresh the material for (source_key, record.remote_id).

    Only harvested fields are written; curator overrides, notes and status stay. A material
    that had been withdrawn and reappears at its source becomes active again.
    """
    return material_upsert_many(source_key, [record], priority=priority)[0]
