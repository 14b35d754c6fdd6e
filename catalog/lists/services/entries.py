"""Writes on list entries: nominate, assign reviewers, decide, remove.

Each checks the acting user's permission first (PermissionDenied) and the list's rules second
(ListsError, with a message for the screen).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .. import compat
from ..errors import LicenseNotOpen, ListsError
from ..models import Decision, EntryStage, ListEntry, Review
from ..models.entries import APPROVING
from ..permissions import ASSIGN, DECIDE, NOMINATE, REVIEW, require
from ..selectors import entry_aggregate


@transaction.atomic
def entry_nominate(user, list_page, material, note: str = "") -> ListEntry:
    """Put a material forward for a list. A removed entry may be nominated again. A licence
    the list's open definition refuses is turned away here, before anyone reviews it."""
    require(user, NOMINATE, "nominate materials")
    if material.is_withdrawn:
        raise ListsError(f"{material} is withdrawn at its source and cannot be nominated.")
    definition = list_page.open_definition
    if not compat.is_open(material.license, definition):
        raise LicenseNotOpen(compat.not_open_reason(material.license, definition))
    entry = ListEntry.objects.filter(list_page=list_page, material=material).first()
    if entry is not None and entry.stage != EntryStage.REMOVED:
        raise ListsError(
            f"{material} is already on {list_page.title} ({entry.get_stage_display()})."
        )
    if entry is None:
        entry = ListEntry(list_page=list_page, material=material)
    entry.stage = EntryStage.NOMINATED
    entry.decision = ""
    entry.nominated_by = user
    entry.nomination_note = note
    entry.save()
    return entry


@transaction.atomic
def entry_assign_reviewers(user, entry: ListEntry, reviewers) -> list[Review]:
    """Assign reviewers (each must hold the reviewer permission); the entry goes in review."""
    require(user, ASSIGN, "assign reviewers")
    if entry.stage == EntryStage.REMOVED:
        raise ListsError("This entry was removed from the list.")
    reviews = []
    for reviewer in reviewers:
        if not reviewer.is_active or not reviewer.has_perm(REVIEW):
            raise ListsError(f"{reviewer} is not a reviewer.")
        review, _ = Review.objects.get_or_create(
            entry=entry, reviewer=reviewer, defaults={"assigned_by": user}
        )
        reviews.append(review)
    if entry.stage == EntryStage.NOMINATED:
        entry.stage = EntryStage.IN_REVIEW
        entry.save(update_fields=["stage", "updated_at"])
    return reviews


def _snapshot(entry: ListEntry) -> None:
    material = entry.material
    entry.snapshot_license = material.license
    entry.snapshot_license_raw = material.license_raw
    entry.snapshot_url = material.url
    entry.snapshot_content_hash = material.content_hash


@transaction.atomic
def entry_decide(
    user,
    entry: ListEntry,
    decision: str,
    *,
    tier: str = "",
    public_rationale: str = "",
    internal_notes: str = "",
    conditions: str = "",
    review_date: dt.date | None = None,
) -> ListEntry:
    """Record the curator's decision. Approval needs a submitted review, an open license under
    the list's definition and an active material; it snapshots license, URL and content hash
    and clears a pending re-review."""
    require(user, DECIDE, "decide list entries")
    if decision not in Decision.values:
        raise ListsError(f"Unknown decision {decision!r}.")
    if entry.stage == EntryStage.REMOVED:
        raise ListsError("This entry was removed from the list.")
    material = entry.material
    aggregate = entry_aggregate(entry)
    if decision in APPROVING:
        if material.is_withdrawn:
            raise ListsError(f"{material} is withdrawn at its source and cannot be approved.")
        if aggregate.submitted == 0:
            raise ListsError("No reviewer has submitted scores for this entry yet.")
        definition = entry.list_page.open_definition
        if not compat.is_open(material.license, definition):
            raise LicenseNotOpen(compat.not_open_reason(material.license, definition))
        if decision == Decision.APPROVED_WITH_CONDITIONS and not conditions.strip():
            raise ListsError("Approval with conditions needs the conditions written down.")
        _snapshot(entry)
    entry.stage = EntryStage.DECIDED
    entry.decision = decision
    entry.tier = tier
    entry.conditions = conditions
    entry.public_rationale = public_rationale
    if internal_notes:
        entry.internal_notes = internal_notes
    entry.rating = aggregate.overall
    entry.review_date = review_date or timezone.localdate()
    entry.decided_by = user
    entry.decided_at = timezone.now()
    entry.needs_rereview = False
    entry.rereview_reason = ""
    entry.flagged_at = None
    entry.save()
    return entry


@transaction.atomic
def entry_remove(user, entry: ListEntry, reason: str = "") -> ListEntry:
    """Take an entry off the list (kept for history; the next version reports it removed)."""
    require(user, DECIDE, "remove list entries")
    entry.stage = EntryStage.REMOVED
    if reason:
        entry.internal_notes = (entry.internal_notes + f"\nRemoved: {reason}").strip()
    entry.save(update_fields=["stage", "internal_notes", "updated_at"])
    return entry
