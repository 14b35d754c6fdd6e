"""Curation: a curator's corrections (kept as overrides beside the harvested values), the
curation fields of the admin form with conflict detection, and review marks."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import Material
from ..signals import announce_materials_changed
from ..web_urls import require_web_url

log = logging.getLogger(__name__)


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
