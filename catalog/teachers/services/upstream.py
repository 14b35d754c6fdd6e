"""Upstream changes: when a source material changes, each fork of it is offered the new
values field by field; the teacher pulls or dismisses them. The fork is never edited behind
the teacher's back."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ..models import Adaptation, AdaptationSource, ChangeState, UpstreamChange
from .adaptations import PULLABLE_FIELDS, TRACKED_FIELDS, source_snapshot
from .errors import TeacherError


@transaction.atomic
def upstream_changes_record(material_ids: Sequence[int]) -> int:
    """For every adaptation source among these materials, record the fields that now differ
    from the version the teacher adapted (one pending change per field, kept current).
    Never writes to the adaptation itself. Returns the number of pending changes touched."""
    sources = list(
        AdaptationSource.objects.filter(material_id__in=list(material_ids)).select_related(
            "material"
        )
    )
    touched = 0
    for src in sources:
        current = source_snapshot(src.material)
        pending = {c.field: c for c in src.changes.filter(state=ChangeState.PENDING)}
        for name in TRACKED_FIELDS:
            new, base = current.get(name), src.snapshot.get(name)
            change = pending.get(name)
            if new == base:
                if change is not None:  # the source went back to what the teacher adapted
                    change.delete()
                continue
            if change is None:
                UpstreamChange.objects.create(
                    source=src,
                    field=name,
                    old_value=base,
                    new_value=new,
                    new_hash=src.material.content_hash,
                )
                touched += 1
            elif change.new_value != new:
                change.new_value, change.new_hash = new, src.material.content_hash
                change.save(update_fields=["new_value", "new_hash"])
                touched += 1
    return touched


def is_own_edit(adaptation: Adaptation, source: AdaptationSource, name: str) -> bool:
    """Has the teacher changed this field away from the source version they started from?"""
    if not adaptation.is_fork or name not in PULLABLE_FIELDS:
        return False
    return getattr(adaptation, name) != source.snapshot.get(name)


def _resolve(change: UpstreamChange, state: str) -> None:
    src = change.source
    snapshot = dict(src.snapshot)
    snapshot[change.field] = change.new_value
    src.snapshot = snapshot
    if not src.changes.filter(state=ChangeState.PENDING).exclude(pk=change.pk).exists():
        src.source_hash = change.new_hash or src.material.content_hash
    src.save(update_fields=["snapshot", "source_hash"])
    change.state, change.resolved_at = state, timezone.now()
    change.save(update_fields=["state", "resolved_at"])


@transaction.atomic
def upstream_change_pull(change: UpstreamChange, *, replace_own_edit: bool = False) -> None:
    """Take the source's new value into the fork. A field the teacher edited is replaced only
    when they confirm it (``replace_own_edit``); fields a fork does not copy are acknowledged."""
    if change.state != ChangeState.PENDING:
        return
    adaptation = change.source.adaptation
    if not adaptation.editable:
        raise TeacherError("This work is waiting for review and cannot be changed now.")
    if adaptation.is_fork and change.field in PULLABLE_FIELDS:
        if is_own_edit(adaptation, change.source, change.field) and not replace_own_edit:
            raise TeacherError(
                "You edited this field yourself. Confirm that the original's new version "
                "should replace yours, or dismiss the change to keep yours."
            )
        value = change.new_value
        if change.field == "title":
            value = (value or "")[:500]
        setattr(adaptation, change.field, value)
        adaptation.save()
    _resolve(change, ChangeState.PULLED)


@transaction.atomic
def upstream_change_dismiss(change: UpstreamChange) -> None:
    """Keep the fork as it is; the change is marked seen and not offered again."""
    if change.state == ChangeState.PENDING:
        _resolve(change, ChangeState.DISMISSED)
