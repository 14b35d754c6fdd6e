"""Staying current: flag approved entries whose material changed at its source (license, URL,
content hash), was withdrawn, or whose link broke; curators are told by e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import EntryStage, ListEntry
from ..models.entries import APPROVING
from ..notify import curators_notify_rereview


def _approved_entries(material_ids: Iterable[int]):
    return ListEntry.objects.filter(
        material_id__in=list(material_ids),
        stage=EntryStage.DECIDED,
        decision__in=APPROVING,
        needs_rereview=False,
    ).select_related("material", "material__license", "snapshot_license", "list_page")


def change_reasons(entry: ListEntry) -> list[str]:
    """What differs between the material now and the snapshot taken at approval."""
    material = entry.material
    reasons = []
    if material.is_withdrawn:
        reasons.append(f"withdrawn at source ({material.withdrawn_reason or 'no reason given'})")
    if material.license_id != entry.snapshot_license_id:
        old = entry.snapshot_license or entry.snapshot_license_raw or "none"
        new = material.license or material.license_raw or "none"
        reasons.append(f"license changed from {old} to {new}")
    if material.url != entry.snapshot_url:
        reasons.append(f"URL changed from {entry.snapshot_url} to {material.url}")
    if entry.snapshot_content_hash and material.content_hash != entry.snapshot_content_hash:
        reasons.append("content changed at source")
    return reasons


def entries_flag(entries: list[ListEntry], reason_of) -> list[ListEntry]:
    """Flag each entry whose ``reason_of(entry)`` is non-empty; notify curators once."""
    now = timezone.now()
    flagged = []
    for entry in entries:
        reason = reason_of(entry)
        if not reason:
            continue
        entry.needs_rereview = True
        entry.rereview_reason = reason[:500]
        entry.flagged_at = now
        flagged.append(entry)
    if flagged:
        ListEntry.objects.bulk_update(flagged, ["needs_rereview", "rereview_reason", "flagged_at"])
        transaction.on_commit(lambda: curators_notify_rereview(flagged))
    return flagged


def entries_flag_changed(material_ids: Iterable[int]) -> list[ListEntry]:
    """The ``materials_changed`` receiver's work: compare each approved entry with its snapshot."""
    entries = list(_approved_entries(material_ids))
    return entries_flag(entries, lambda e: "; ".join(change_reasons(e)))


def entries_flag_broken_link(material_id: int, detail: str) -> list[ListEntry]:
    entries = list(_approved_entries([material_id]))
    return entries_flag(entries, lambda e: f"link broken: {detail}")
