"""Writes to materials: upsert from MaterialRecords (one or a batch), withdraw. Each write
announces the change once, after commit.

Deduplication: a record is one *source record* (``MaterialSource``, unique on source key and
remote id). A new source record joins an existing Material when its normalized URL or one of
its shared identifiers (DOI, ISBN, handle) matches; otherwise it creates one. The Material's
harvested fields are, field by field, the non-empty value of its highest-priority live source.
Curator ``overrides`` are never written here; the harvested value stays beside them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from url_normalize import url_normalize

from catalog.licenses.resolver import resolve as resolve_license

from .bulk_rows import insert_rows
from .grades import grade_range, parse_grades
from .models import HARVESTED_FIELDS, Material, MaterialIdentifier, MaterialSource, MaterialStatus
from .records import MaterialRecord
from .signals import announce_materials_changed
from .web_urls import require_web_url

log = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
WITHDRAWN = "withdrawn"

# A change to one of these on an approved material sends it back to review.
REREVIEW_FIELDS = ("license_raw", "url", "title", "description")
_DATE_FIELDS = ("date_created", "date_modified")
_WRITTEN_FIELDS = (*HARVESTED_FIELDS, "grade_min", "grade_max")


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


_SIMPLE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][!-~]*)?$")


def canonical_url(url: str) -> str:
    """A URL normalised for deduplication: scheme and host lower-cased, default ports and
    fragments dropped, ``http``/``https`` and a leading ``www.`` treated alike."""
    if not url:
        return ""
    url = url.strip()
    if _SIMPLE_URL.match(url) and "%" not in url and "/." not in url:
        # Fast path for plain ASCII URLs (most of them): the same result as url_normalize.
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        if parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
        if host.startswith("www."):
            host = host[4:]
        path = parts.path or "/"
        query = f"?{parts.query}" if parts.query else ""
        return f"https://{host}{path}{query}".rstrip("/")
    try:
        normal = url_normalize(url.strip(), default_scheme="https")
    except Exception:  # a malformed URL keeps its raw form rather than failing the import
        normal = url.strip()
    normal = normal.split("#", 1)[0]
    normal = normal.replace("http://", "https://", 1).replace("https://www.", "https://", 1)
    return normal.rstrip("/")


def _harvested_values(record: MaterialRecord) -> dict:
    """The record as JSON-safe field values (dates as ISO strings), as stored per source."""
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
        "date_created": record.date_created.isoformat() if record.date_created else None,
        "date_modified": record.date_modified.isoformat() if record.date_modified else None,
        "accessibility": list(record.accessibility),
        "grade_min": lo,
        "grade_max": hi,
    }


def _model_value(name: str, value):
    if name in _DATE_FIELDS and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _merged(sources: Sequence[MaterialSource]) -> dict:
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


class _LicenseCache(dict):
    """license_raw → License, resolved once per batch (the resolver queries the registry)."""

    def get_license(self, raw: str):
        if raw not in self:
            self[raw] = resolve_license(raw).license
        return self[raw]


def _apply(material: Material, values: dict, licenses: _LicenseCache, now) -> list[str]:
    """Write merged harvested values onto a material; returns the names that changed."""
    changed = []
    for name in _WRITTEN_FIELDS:
        if name not in values:
            continue
        value = _model_value(name, values[name])
        if getattr(material, name) != value:
            setattr(material, name, value)
            changed.append(name)
    if "url" in changed or not material.canonical_url:
        material.canonical_url = canonical_url(material.url)
    if "license_raw" in changed or (material.license_id is None and material.license_raw):
        material.license = licenses.get_license(material.license_raw)
    material.updated_at = now
    return changed


def _identifier_keys(record: MaterialRecord) -> list[str]:
    return [i.strip().lower() for i in record.identifiers if i and i.strip()]


def _find_matches(records: Sequence[MaterialRecord], curls: dict[str, str]) -> tuple[dict, dict]:
    """Existing materials by canonical URL and by shared identifier, for the new records."""
    urls = set(curls.values())
    urls.discard("")
    by_url: dict[str, Material] = {}
    if urls:
        for m in Material.objects.filter(canonical_url__in=urls).order_by("pk"):
            by_url.setdefault(m.canonical_url, m)
    keys = {k for r in records for k in _identifier_keys(r)}
    by_id: dict[str, Material] = {}
    if keys:
        for ident in MaterialIdentifier.objects.filter(value__in=keys).select_related("material"):
            by_id.setdefault(ident.value, ident.material)
    return by_url, by_id


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
    cache = licenses if isinstance(licenses, _LicenseCache) else _LicenseCache(licenses or {})
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
        src.values = _harvested_values(record)
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
    by_url, by_id = _find_matches(fresh, curls)
    to_create: list[_NewMaterial] = []
    for record in fresh:
        rid = record.remote_id
        values = _harvested_values(record)
        curl = curls[rid]
        keys = _identifier_keys(record)
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
        for k in _identifier_keys(rec)
    ]
    if identifiers:
        insert_rows(MaterialIdentifier, identifiers, ignore_conflicts=True)

    # 3. Recompute the per-field winners of every touched existing material.
    if touched:
        _refresh_materials(list(touched.values()), cache, now)

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
    row = {name: _model_value(name, values[name]) for name in _WRITTEN_FIELDS if name in values}
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


def _refresh_materials(materials: list[Material], cache: _LicenseCache, now) -> None:
    sources: dict[int, list[MaterialSource]] = {}
    for src in MaterialSource.objects.filter(material_id__in=[m.pk for m in materials]):
        sources.setdefault(src.material_id, []).append(src)
    dirty = []
    for material in materials:
        mine = sources.get(material.pk, [])
        merged = _merged(mine)
        if not merged:
            continue
        before = {name: getattr(material, name) for name in REREVIEW_FIELDS}
        changed = _apply(material, merged, cache, now)
        material.content_hash = _merged_hash(mine)
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
                *_WRITTEN_FIELDS,
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


def _merged_hash(sources: Sequence[MaterialSource]) -> str:
    live = sorted((s for s in sources if not s.withdrawn), key=lambda s: (-s.priority, s.pk or 0))
    return live[0].content_hash if live else ""


def material_upsert(source_key: str, record: MaterialRecord, *, priority: int = 0) -> UpsertResult:
    """Create or refresh the material for (source_key, record.remote_id).

    Only harvested fields are written; curator overrides, notes and status stay. A material
    that had been withdrawn and reappears at its source becomes active again.
    """
    return material_upsert_many(source_key, [record], priority=priority)[0]


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
        _refresh_materials(materials, _LicenseCache(), timezone.now())
    announce_materials_changed(material_ids)
    return gone


def material_accept_harvested(material: Material, field: str) -> None:
    """A curator accepts the harvested value of a field they had overridden."""
    if field in material.overrides:
        overrides = dict(material.overrides)
        overrides.pop(field)
        material.overrides = overrides
        material.save(update_fields=["overrides", "updated_at"])
        announce_materials_changed([material.pk])


# Harvested fields a curator may correct in the admin (stored as overrides).
CURATOR_EDITABLE_FIELDS = (
    "title",
    "description",
    "url",
    "subjects",
    "grades",
    "resource_types",
    "language",
    "keywords",
    "publisher",
)


@transaction.atomic
def material_curator_edit(material: Material, changes: dict) -> list[str]:
    """Record a curator's corrections as overrides; harvested columns stay as harvested.

    A value equal to the harvested one drops the override (the curator went back to the
    source's value). Returns the fields whose shown value changed.
    """
    overrides = dict(material.overrides)
    changed = []
    for field, value in changes.items():
        if field not in CURATOR_EDITABLE_FIELDS:
            raise ValueError(f"{field} is not a field curators may override")
        if field == "url":
            value = require_web_url(value)
        before = material.effective(field)
        if value == getattr(material, field):
            overrides.pop(field, None)
        else:
            overrides[field] = value
        if value != before:
            changed.append(field)
    if overrides != material.overrides:
        material.overrides = overrides
        material.save(update_fields=["overrides", "updated_at"])
        announce_materials_changed([material.pk])
    return changed


# The curation fields of the admin form, written as they are (not as overrides).
CURATION_FIELDS = (
    "status",
    "withdrawn_reason",
    "needs_rereview",
    "rereview_reason",
    "curator_notes",
)


@dataclass(frozen=True)
class FieldConflict:
    """A field someone else changed since the curator loaded the form."""

    field: str
    yours: object  # what this curator would save
    stored: object  # what is stored now


class CurationConflict(Exception):
    """The material changed since the curator loaded it; nothing was saved."""

    def __init__(self, conflicts: Sequence[FieldConflict]):
        self.conflicts = list(conflicts)
        super().__init__(", ".join(c.field for c in self.conflicts))


def material_curation_state(material: Material) -> dict:
    """What a curator sees of a material: effective values of the correctable fields and the
    curation fields. The edit form carries this as loaded, to detect a concurrent change."""
    state = {f: material.effective(f) for f in CURATOR_EDITABLE_FIELDS}
    state.update({f: getattr(material, f) for f in CURATION_FIELDS})
    return state


def material_curation_conflicts(
    material: Material, changes: dict, expected: dict
) -> list[FieldConflict]:
    """Fields changed since ``expected`` was loaded that saving ``changes`` would overwrite
    (a field is no conflict when this curator's value is the one stored now)."""
    current = material_curation_state(material)
    conflicts = []
    for field, stored in current.items():
        if field not in expected or expected[field] == stored:
            continue
        yours = changes.get(field, expected[field])
        if yours != stored:
            conflicts.append(FieldConflict(field, yours, stored))
    return conflicts


@transaction.atomic
def material_curate(material: Material, changes: dict, *, user, expected: dict) -> list[str]:
    """A curator's admin save: corrections become overrides, curation fields are written,
    and ``materials_changed`` goes out on commit (a withdrawal leaves search at once).

    ``expected`` is the ``material_curation_state`` the curator loaded. The row is locked and
    compared with it first: if someone else changed a field this save would overwrite,
    nothing is written and ``CurationConflict`` lists those fields. ``material`` is refreshed
    from the database. Returns the fields whose stored value changed.
    """
    locked = Material.objects.select_for_update().get(pk=material.pk)
    conflicts = material_curation_conflicts(locked, changes, expected)
    if conflicts:
        raise CurationConflict(conflicts)
    unknown = set(changes) - set(CURATOR_EDITABLE_FIELDS) - set(CURATION_FIELDS)
    if unknown:
        raise ValueError(f"not curator fields: {', '.join(sorted(unknown))}")
    corrections = {f: v for f, v in changes.items() if f in CURATOR_EDITABLE_FIELDS}
    changed = material_curator_edit(locked, corrections)
    curation = [f for f in CURATION_FIELDS if f in changes and changes[f] != getattr(locked, f)]
    if curation:
        for field in curation:
            setattr(locked, field, changes[field])
        locked.save(update_fields=[*curation, "updated_at"])
        announce_materials_changed([locked.pk])
        changed += curation
    if changed:
        log.info("material %s curated by %s: %s", locked.pk, user, ", ".join(changed))
    material.refresh_from_db()
    return changed


def material_mark_reviewed(material: Material) -> None:
    """A curator or reviewer approved the material (clears a pending re-review)."""
    material.reviewed_at = timezone.now()
    material.needs_rereview = False
    material.rereview_reason = ""
    material.save(update_fields=["reviewed_at", "needs_rereview", "rereview_reason", "updated_at"])


__all__ = [
    "HARVESTED_FIELDS",
    "material_upsert",
    "material_upsert_many",
    "material_withdraw",
    "material_withdraw_records",
    "material_accept_harvested",
    "material_curator_edit",
    "material_curate",
    "material_curation_state",
    "material_curation_conflicts",
    "CurationConflict",
    "material_mark_reviewed",
    "canonical_url",
]
