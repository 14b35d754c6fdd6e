"""The stages of a run: gather → fetch (raw kept, unchanged skipped) → normalize → import.

Work is done in chunks, each in one transaction together with the run's counts, heartbeat
and (at page ends) the checkpoint, so a crash loses at most the chunk in flight and the next
run resumes from the last checkpoint. One bad record is a ``RecordError``, never a lost page;
so is a record the gatherer refused (``RawItem.error``, e.g. over a size limit).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db import reset_queries, transaction
from django.db.models import F
from django.utils import timezone

from catalog.materials.bulk_rows import insert_rows
from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services.upsert import CREATED, UPDATED, material_upsert_many
from catalog.materials.services.withdraw import material_withdraw_records
from catalog.standards.services import alignment_set

from .errors import AbortRequested
from .models import HarvestRun, RawRecord, RecordError
from .normalizers.errors import NormalizeError
from .sources import Checkpoint, RawItem

CHUNK = 500
DELETED_REASON = "deleted at the source"


class Pipeline:
    def __init__(
        self,
        run: HarvestRun,
        normalize: Callable[[bytes], MaterialRecord],
        *,
        metadata_format: str = "",
        chunk: int = CHUNK,
        progress: Callable[[HarvestRun, int], None] | None = None,
        skip_unchanged: bool = True,
    ):
        self.run = run
        self.source = run.source
        self.normalize = normalize
        self.metadata_format = metadata_format
        self.chunk = chunk
        self.progress = progress
        self.skip_unchanged = skip_unchanged
        self.licenses: dict = {}
        self.outcomes: Counter = Counter()  # created/updated/withdrawn ids, for dry runs
        # Harvested alignments written in this run, and how many name no known standard yet.
        self.alignments: Counter = Counter()

    # -- driving ---------------------------------------------------------------------------
    def consume(self, events: Iterable[RawItem | Checkpoint]) -> None:
        buffer: list[RawItem] = []
        for event in events:
            if isinstance(event, Checkpoint):
                self._flush(buffer, checkpoint=event.state)
                buffer = []
            else:
                buffer.append(event)
                if len(buffer) >= self.chunk:
                    self._flush(buffer)
                    buffer = []
        if buffer:
            self._flush(buffer)
        if self.alignments:
            self.run.message = (self.run.message + "\n" + self.alignment_summary()).strip()
            self.run.save(update_fields=["message"])

    def alignment_summary(self) -> str:
        """The run's alignment count for its message, e.g. "534 alignments, 12 unresolved".
        Unresolved ones are kept and wait for their framework's import (any ``standards
        import``, or ``manage.py standards resolve-pending``)."""
        return f"{self.alignments['total']} alignments, {self.alignments['unresolved']} unresolved"

    def _flush(self, items: list[RawItem], checkpoint: dict | None = None) -> None:
        with transaction.atomic():
            counts = self._process(items) if items else Counter()
            run = self.run
            for name, value in counts.items():
                setattr(run, name, getattr(run, name) + value)
            if checkpoint is not None:
                run.checkpoint = checkpoint
            run.heartbeat_at = timezone.now()
            run.save(update_fields=[*HarvestRun.COUNT_FIELDS, "checkpoint", "heartbeat_at"])
        reset_queries()  # with DEBUG on, Django's query log would grow with the harvest
        if self.progress:
            self.progress(self.run, len(items))
        if HarvestRun.objects.filter(pk=self.run.pk, abort_requested=True).exists():
            raise AbortRequested("aborted by an operator")

    # -- stages ----------------------------------------------------------------------------
    def _process(self, items: list[RawItem]) -> Counter:
        counts: Counter = Counter(seen=len(items))
        for item in items:
            if item.error:  # refused by the gatherer (e.g. over a size limit)
                self._error(counts, "fetch", item.remote_id, item.error)
        latest = {item.remote_id: item for item in items if not item.error}
        changed = self._fetch(latest, counts)
        records, deleted = self._normalize(changed, counts)
        self._import(records, deleted, counts)
        return counts

    def _fetch(self, items: dict[str, RawItem], counts: Counter) -> list[RawItem]:
        """Store raw payloads verbatim; return the items that are new or changed."""
        source, run = self.source, self.run
        known = {
            rid: (pk, sha, deleted)
            for pk, rid, sha, deleted in RawRecord.objects.filter(
                source=source, remote_id__in=list(items)
            ).values_list("pk", "remote_id", "sha256", "deleted")
        }
        now = timezone.now()
        new, dirty, changed = [], [], []
        for rid, item in items.items():
            digest = hashlib.sha256(item.payload).hexdigest()
            raw = known.get(rid)
            if raw is not None and raw[1] == digest and raw[2] == item.deleted:
                if self.skip_unchanged:
                    counts["unchanged"] += 1
                    continue
            elif raw is not None:
                dirty.append(
                    RawRecord(
                        pk=raw[0],
                        sha256=digest,
                        deleted=item.deleted,
                        payload=item.payload.decode("utf-8", "replace"),
                        datestamp=item.datestamp,
                        metadata_format=self.metadata_format,
                        fetched_at=now,
                    )
                )
            else:
                new.append(
                    {
                        "source_id": source.pk,
                        "remote_id": rid,
                        "datestamp": item.datestamp,
                        "metadata_format": self.metadata_format,
                        "payload": item.payload.decode("utf-8", "replace"),
                        "sha256": digest,
                        "deleted": item.deleted,
                        "fetched_at": now,
                        "last_seen_run_id": run.pk,
                    }
                )
            changed.append(item)
        if new:
            insert_rows(RawRecord, new)
        if dirty:
            RawRecord.objects.bulk_update(
                dirty,
                ["sha256", "deleted", "payload", "datestamp", "metadata_format", "fetched_at"],
                batch_size=500,
            )
        seen_before = [known[rid][0] for rid in items if rid in known]
        if seen_before:
            RawRecord.objects.filter(pk__in=seen_before).update(last_seen_run=run, missing_runs=0)
        return changed

    def _normalize(self, items: list[RawItem], counts: Counter):
        records: list[MaterialRecord] = []
        deleted: list[str] = []
        for item in items:
            if item.deleted:
                deleted.append(item.remote_id)
                continue
            try:
                record = self.normalize(item.payload)
            except (NormalizeError, ValueError) as exc:
                self._error(counts, "normalize", item.remote_id, str(exc))
                continue
            if record.remote_id != item.remote_id:
                record = _with_remote_id(record, item.remote_id)
            records.append(record)
        return records, deleted

    def _import(self, records: list[MaterialRecord], deleted: list[str], counts: Counter):
        source = self.source
        if records:
            try:
                with transaction.atomic():
                    results = material_upsert_many(
                        source.name, records, priority=source.priority, licenses=self.licenses
                    )
            except Exception:  # noqa: BLE001 - isolate the bad record(s): one at a time
                results = []
                for record in records:
                    try:
                        with transaction.atomic():
                            results += material_upsert_many(
                                source.name, [record], priority=source.priority
                            )
                    except Exception as exc:  # noqa: BLE001 - recorded per record
                        self._error(counts, "import", record.remote_id, repr(exc))
            for result in results:
                counts[result.outcome] += 1
                if result.outcome in (CREATED, UPDATED):
                    self.outcomes[result.outcome] += 1
            self._align(records, results, counts)
        if deleted:
            gone = material_withdraw_records(source.name, deleted, DELETED_REASON)
            counts["withdrawn"] += len(gone)

    def _align(self, records, results, counts: Counter) -> None:
        by_id = {r.remote_id: r.material_id for r in results}
        wanted = [by_id[r.remote_id] for r in records if r.alignments and r.remote_id in by_id]
        if not wanted:
            return
        materials = Material.objects.in_bulk(wanted)  # one query, not one per aligned record
        for record in records:
            material = materials.get(by_id.get(record.remote_id)) if record.alignments else None
            if material is None:
                continue
            try:
                with transaction.atomic():
                    result = alignment_set(material, record.alignments, "harvested")
                self.alignments["total"] += result["created"] + result["unchanged"]
                self.alignments["unresolved"] += result["unresolved"]
            except Exception as exc:  # noqa: BLE001 - recorded per record
                self._error(counts, "import", record.remote_id, f"alignments: {exc!r}")

    def _error(self, counts: Counter, stage: str, identifier: str, message: str) -> None:
        counts["errors"] += 1
        RecordError.objects.create(
            run=self.run, stage=stage, identifier=identifier[:500], message=message[:4000]
        )


def _with_remote_id(record: MaterialRecord, remote_id: str) -> MaterialRecord:
    return replace(record, remote_id=remote_id)


def withdraw_missing(run: HarvestRun) -> int:
    """After a complete run of a source without deletion support: count a miss for every
    record not seen, and withdraw those missing from N consecutive complete runs."""
    source = run.source
    missing = RawRecord.objects.filter(source=source, deleted=False).exclude(last_seen_run=run)
    missing.update(missing_runs=F("missing_runs") + 1)
    limit = source.missing_runs_to_withdraw
    if not limit:
        return 0
    gone_ids = list(
        RawRecord.objects.filter(source=source, deleted=False, missing_runs__gte=limit).values_list(
            "remote_id", flat=True
        )
    )
    # Marked deleted, so the record counts as changed (and comes back) if the source lists it again.
    RawRecord.objects.filter(source=source, remote_id__in=gone_ids).update(deleted=True)
    withdrawn = 0
    for start in range(0, len(gone_ids), 1000):
        batch = gone_ids[start : start + 1000]
        withdrawn += len(
            material_withdraw_records(
                source.name, batch, f"missing from {limit} consecutive complete runs"
            )
        )
    return withdrawn
