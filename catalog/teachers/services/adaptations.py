"""Forks and remixes: a teacher's own version of openly licensed materials, created only when
the sources' licenses permit it, and edited only under a license they allow."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from catalog.licenses.models import License
from catalog.materials.grades import parse_grades
from catalog.materials.models import Material

from .. import licensing
from .. import standards as standards_adapter
from ..models import Adaptation, AdaptationKind, AdaptationSource, AdaptationStatus
from .errors import AdaptationRefused, TeacherError

# Source fields a fork remembers and diffs; the first four can be pulled into the fork.
TRACKED_FIELDS = ("title", "description", "grades", "subjects", "url", "license_raw", "authors")
PULLABLE_FIELDS = ("title", "description", "grades", "subjects")


def source_snapshot(material: Material) -> dict:
    """The tracked fields of a material as shown (curator overrides applied)."""
    return {name: material.effective(name) for name in TRACKED_FIELDS}


def _add_source(adaptation: Adaptation, material: Material, position: int) -> AdaptationSource:
    return AdaptationSource.objects.create(
        adaptation=adaptation,
        material=material,
        position=position,
        source_hash=material.content_hash,
        snapshot=source_snapshot(material),
    )


@transaction.atomic
def adaptation_fork(owner, material: Material, suggested: Sequence[str] = ()) -> Adaptation:
    """The teacher's own version of one material, if its license permits adaptation.

    ``suggested``: codes the teacher ticked among the material's suggested standards; they
    join the version's standards marked ``origin: suggested``. A code that is not one of
    those suggestions refuses the fork, so nothing is created behind a wrong tick."""
    decision = licensing.adaptation_decision(material.license)
    if not decision.allowed:
        raise AdaptationRefused(decision.reason)
    choice = licensing.license_choice([material.license])
    if not choice.ok:
        raise AdaptationRefused(choice.explanation, choice)
    alignments = standards_adapter.source_alignments([material])
    alignments += standards_adapter.suggested_alignments(material, suggested, alignments)
    adaptation = Adaptation.objects.create(
        owner=owner,
        kind=AdaptationKind.FORK,
        title=material.effective("title")[:500],
        description=material.effective("description") or "",
        grades=list(material.effective("grades") or []),
        subjects=list(material.effective("subjects") or []),
        alignments=alignments,
        license=choice.preselected,
    )
    _add_source(adaptation, material, 0)
    return adaptation


@transaction.atomic
def adaptation_remix(owner, materials: Sequence[Material], title: str = "") -> Adaptation:
    """One new work from two or more materials, if one license can respect them all."""
    materials = list(dict.fromkeys(materials))
    if len(materials) < 2:
        raise AdaptationRefused("A remix needs at least two different materials.")
    choice = licensing.license_choice([m.license for m in materials])
    if not choice.ok:
        raise AdaptationRefused(choice.explanation, choice)
    grades = parse_grades(g for m in materials for g in (m.effective("grades") or []))
    subjects = list(dict.fromkeys(s for m in materials for s in (m.effective("subjects") or [])))
    adaptation = Adaptation.objects.create(
        owner=owner,
        kind=AdaptationKind.REMIX,
        title=(title or "Remix of " + " + ".join(m.effective("title") for m in materials))[:500],
        grades=grades,
        subjects=subjects,
        alignments=standards_adapter.source_alignments(materials),
        license=choice.preselected,
    )
    for position, material in enumerate(materials):
        _add_source(adaptation, material, position)
    return adaptation


def adaptation_allowed_licenses(adaptation: Adaptation) -> licensing.LicenseChoice:
    return licensing.license_choice([s.material.license for s in adaptation.sources.all()])


@transaction.atomic
def adaptation_update(
    adaptation: Adaptation,
    *,
    title: str,
    description: str,
    grades: Sequence[str],
    body: str,
    changes_summary: str,
    license: License | None,
    alignments: list[dict] | None = None,
) -> Adaptation:
    """Save the teacher's edits; the license must be one the sources allow. ``alignments``
    None keeps the current standards."""
    if not adaptation.editable:
        raise TeacherError("This work is waiting for review and cannot be edited now.")
    allowed = adaptation_allowed_licenses(adaptation).allowed
    if license is None or license not in allowed:
        raise TeacherError("Choose one of the licenses the sources allow.")
    if alignments is not None:
        unknown = standards_adapter.unknown_targets(alignments, adaptation.alignments)
        if unknown:
            raise TeacherError(
                "These standards are not in the registry, so they were not saved: "
                + ", ".join(unknown)
                + ". Check each code (for example CCSS.Math.Content.3.NF.A.1) or remove it."
            )
    adaptation.title = title[:500]
    adaptation.description = description
    adaptation.grades = parse_grades(grades)
    adaptation.body = body
    adaptation.changes_summary = changes_summary[:500]
    adaptation.license = license
    if alignments is not None:
        adaptation.alignments = alignments
    adaptation.save()
    return adaptation


def adaptation_discard(adaptation: Adaptation) -> None:
    """Cancel a just-started customize or remix: the draft is removed, so nothing stays
    behind in the teacher's work. Only a draft never sent for review can be discarded."""
    if adaptation.status != AdaptationStatus.DRAFT or adaptation.submitted_at is not None:
        raise TeacherError("Only a draft that was never submitted can be discarded.")
    adaptation.delete()


def adaptation_delete(adaptation: Adaptation) -> None:
    if adaptation.status == AdaptationStatus.PUBLISHED:
        raise TeacherError("A published work stays in the catalog; it cannot be deleted.")
    adaptation.delete()
