"""Store one ParsedFramework: idempotent by identifier, atomic, in bulk.

Items are matched on (framework, identifier): new ones are created, changed ones updated,
ones missing from the source retired (never deleted: alignments point at them) and revived if
they come back. ``replacedBy`` associations set ``replaced_by``. Lookup codes are synced as a
set difference, so re-importing an unchanged file writes nothing. Associations and alignments
whose far end was not imported yet are resolved whenever a later import brings it in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..codes import item_codes, normal
from ..models import Association, Framework, StandardCode, StandardItem
from ..resolve import alignments_resolve, associations_resolve
from .base import ParsedFramework, StandardsImportError

ITEM_FIELDS = (
    "uri",
    "human_coding_scheme",
    "statement",
    "abbreviated_statement",
    "item_type",
    "education_levels",
    "list_enumeration",
)
FRAMEWORK_FIELDS = (
    "uri",
    "title",
    "creator",
    "publisher",
    "jurisdiction",
    "subject",
    "version",
    "adoption_status",
    "license",
    "description",
    "source_format",
)
BATCH = 1000


@dataclass
class ImportReport:
    source: str
    framework: str
    identifier: str
    items: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    associations: int = 0
    unresolved_associations: int = 0
    alignments_resolved: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def validate(parsed: ParsedFramework, source: str) -> dict[str, int]:
    """Fail on duplicate identifiers and parent cycles; return each item's depth."""
    ids: set[str] = set()
    for item in parsed.items:
        if not item.identifier:
            raise StandardsImportError(source, "item has no identifier", item.human_coding_scheme)
        if item.identifier in ids:
            raise StandardsImportError(source, "duplicate item identifier", item.identifier)
        ids.add(item.identifier)
    parent = {i.identifier: i.parent for i in parsed.items if i.parent in ids}
    depth: dict[str, int] = {}
    for start in ids:
        chain: list[str] = []
        node = start
        while node in parent and node not in depth:
            if node in chain:
                loop = " → ".join([*chain[chain.index(node) :], node])
                raise StandardsImportError(source, f"cycle in parents: {loop}", node)
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0)
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
        depth.setdefault(start, 0)
    return depth


def _framework_upsert(parsed: ParsedFramework, source: str) -> Framework:
    values = {name: getattr(parsed, name) for name in FRAMEWORK_FIELDS}
    values["title"] = values["title"][:500]
    framework = Framework.objects.filter(identifier=parsed.identifier).first()
    if framework is None:
        framework = Framework.objects.create(identifier=parsed.identifier, **values)
    elif any(getattr(framework, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(framework, key, value)
        framework.save()
    # When and from where it was last imported is bookkeeping, not a change to the framework.
    Framework.objects.filter(pk=framework.pk).update(
        source=source[:1000], last_imported_at=timezone.now()
    )
    return framework


def _items_upsert(framework, parsed, depth, report) -> dict[str, StandardItem]:
    existing = {i.identifier: i for i in StandardItem.objects.filter(framework=framework)}
    parsed_by_id = {p.identifier: p for p in parsed.items}
    new: list[StandardItem] = []
    changed: list[StandardItem] = []
    for p in parsed.items:
        values = {name: getattr(p, name) for name in ITEM_FIELDS}
        current = existing.get(p.identifier)
        if current is None:
            new.append(
                StandardItem(
                    framework=framework,
                    identifier=p.identifier,
                    depth=depth.get(p.identifier, 0),
                    position=p.position,
                    **values,
                )
            )
            continue
        if current.retired or any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.retired = False
            changed.append(current)
    by_id = dict(existing)
    # New items go in level by level, so each parent has its id before its children.
    for level in sorted({i.depth for i in new}):
        batch = [i for i in new if i.depth == level]
        for item in batch:
            parent = by_id.get(parsed_by_id[item.identifier].parent)
            item.parent_id = parent.pk if parent else None
        StandardItem.objects.bulk_create(batch, batch_size=BATCH)
        by_id.update((i.identifier, i) for i in batch)
    StandardItem.objects.bulk_update(
        changed, [*ITEM_FIELDS, "retired", "updated_at"], batch_size=BATCH
    )
    report.created, report.updated = len(new), len(changed)

    # Existing items whose place changed. A new parent counts as an update; a new position
    # alone does not (dropping one item shifts the file order of every later one).
    moved = []
    touched = {i.identifier for i in changed}
    for identifier, item in existing.items():
        p = parsed_by_id.get(identifier)
        if p is None:
            continue
        parent_id = by_id[p.parent].pk if p.parent in by_id else None
        tree = (parent_id, depth.get(identifier, 0), p.position)
        if (item.parent_id, item.depth, item.position) != tree:
            if item.parent_id != tree[0] and identifier not in touched:
                report.updated += 1
            item.parent_id, item.depth, item.position = tree
            moved.append(item)
    StandardItem.objects.bulk_update(moved, ["parent", "depth", "position"], batch_size=BATCH)

    to_retire = [i for key, i in existing.items() if key not in parsed_by_id and not i.retired]
    StandardItem.objects.filter(pk__in=[i.pk for i in to_retire]).update(retired=True)
    report.retired = len(to_retire)
    report.items = len(parsed.items)
    report.unchanged = report.items - report.created - report.updated
    return by_id


def _codes_sync(framework, parsed, by_id) -> None:
    wanted: set[tuple[int, str, str]] = set()
    for p in parsed.items:
        pk = by_id[p.identifier].pk
        for kind, code in item_codes(
            p.identifier, p.uri, p.human_coding_scheme, parsed.ccss_subject
        ):
            wanted.add((pk, code, kind))
        for kind, code in p.extra_codes:
            wanted.add((pk, normal(code), kind))
    rows = StandardCode.objects.filter(item__framework=framework)
    have = {(r[1], r[2], r[3]): r[0] for r in rows.values_list("pk", "item_id", "code", "kind")}
    stale = [pk for key, pk in have.items() if key not in wanted]
    for start in range(0, len(stale), BATCH):
        StandardCode.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    StandardCode.objects.bulk_create(
        [StandardCode(item_id=i, code=c, kind=k) for i, c, k in wanted - set(have)],
        batch_size=BATCH,
    )


def _associations_sync(framework, parsed, by_id, report) -> None:
    existing = {a.identifier: a for a in Association.objects.filter(framework=framework)}
    new, changed = [], []
    for p in parsed.associations:
        values = {
            "association_type": p.association_type,
            "origin_ref": p.origin[:1000],
            "destination_ref": p.destination[:1000],
            "sequence_number": p.sequence_number,
        }
        current = existing.pop(p.identifier[:500], None)
        if current is None:
            new.append(Association(framework=framework, identifier=p.identifier[:500], **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.origin_id = current.destination_id = None  # re-resolved below
            changed.append(current)
    Association.objects.bulk_create(new, batch_size=BATCH)
    Association.objects.bulk_update(
        changed,
        [
            "association_type",
            "origin_ref",
            "destination_ref",
            "sequence_number",
            "origin",
            "destination",
        ],
        batch_size=BATCH,
    )
    Association.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
    report.associations = len(parsed.associations)


def framework_import(parsed: ParsedFramework, source: str) -> ImportReport:
    """Validate then store ``parsed`` in one transaction; the report counts what changed."""
    started = time.monotonic()
    depth = validate(parsed, source)
    report = ImportReport(source=source, framework=parsed.title, identifier=parsed.identifier)
    report.warnings = list(parsed.warnings)
    with transaction.atomic():
        framework = _framework_upsert(parsed, source)
        by_id = _items_upsert(framework, parsed, depth, report)
        _codes_sync(framework, parsed, by_id)
        _associations_sync(framework, parsed, by_id, report)
        associations_resolve()
        _replacements_apply(framework)
        report.unresolved_associations = Association.objects.filter(
            framework=framework, destination__isnull=True
        ).count()
        report.alignments_resolved = alignments_resolve()
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _replacements_apply(framework: Framework) -> None:
    """Follow ``replacedBy``: the origin item points at its successor."""
    links = Association.objects.filter(
        framework=framework,
        association_type="replacedBy",
        origin__isnull=False,
        destination__isnull=False,
    ).values_list("origin_id", "destination_id")
    for origin_id, destination_id in links:
        StandardItem.objects.filter(pk=origin_id).exclude(replaced_by_id=destination_id).update(
            replaced_by_id=destination_id
        )
