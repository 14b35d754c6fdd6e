"""Writes of the teachers app: accounts, collections, forks and remixes, upstream changes,
publishing. Views call these; every rule that protects a license or a teacher's work is here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.licenses.models import License
from catalog.materials.grades import parse_grades
from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert

from . import licensing
from . import standards as standards_adapter
from .models import (
    Adaptation,
    AdaptationKind,
    AdaptationSource,
    AdaptationStatus,
    ChangeState,
    Collection,
    CollectionItem,
    TeacherProfile,
    UpstreamChange,
    Visibility,
)

TEACHERS_GROUP = "Teachers"
CURATORS_GROUP = "Curators"
PUBLISH_SOURCE_KEY = "teachers"

# Source fields a fork remembers and diffs; the first four can be pulled into the fork.
TRACKED_FIELDS = ("title", "description", "grades", "subjects", "url", "license_raw", "authors")
PULLABLE_FIELDS = ("title", "description", "grades", "subjects")


class TeacherError(Exception):
    """A refused action; ``str(error)`` is a plain-words message for the teacher."""


class AdaptationRefused(TeacherError):
    def __init__(self, message: str, choice: licensing.LicenseChoice | None = None):
        super().__init__(message)
        self.choice = choice


# --------------------------------------------------------------------------- accounts


@transaction.atomic
def teacher_signup(*, username: str, email: str, password: str, display_name: str = ""):
    """A new teacher account: in the Teachers group, never staff (no Wagtail admin)."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=False
    )
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
    TeacherProfile.objects.create(user=user, display_name=display_name)
    return user


def profile_get_or_create(user) -> TeacherProfile:
    profile, _ = TeacherProfile.objects.get_or_create(user=user)
    return profile


def profile_update(user, *, email: str, display_name: str, school: str, bio: str) -> None:
    profile = profile_get_or_create(user)
    profile.display_name, profile.school, profile.bio = display_name, school, bio
    profile.save()
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])


# --------------------------------------------------------------------------- collections


def collection_create(owner, *, title: str, description: str = "", visibility: str = "private"):
    return Collection.objects.create(
        owner=owner, title=title, description=description, visibility=visibility
    )


def collection_update(collection: Collection, *, title: str, description: str, visibility: str):
    collection.title, collection.description = title, description
    collection.visibility = Visibility(visibility)
    collection.save()
    return collection


def collection_delete(collection: Collection) -> None:
    collection.delete()


@transaction.atomic
def collection_add_material(collection: Collection, material: Material, note: str = ""):
    """Append a material (once: saving it again keeps its place and note)."""
    item = CollectionItem.objects.filter(collection=collection, material=material).first()
    if item:
        return item
    last = collection.items.aggregate(m=Max("position"))["m"]
    item = CollectionItem.objects.create(
        collection=collection, material=material, note=note, position=(last or 0) + 1
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def collection_item_move(item: CollectionItem, direction: str) -> None:
    """Swap an item with its neighbour ("up" or "down"); positions are renumbered 1..n."""
    items = list(item.collection.items.select_for_update().order_by("position", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


def collection_item_note(item: CollectionItem, note: str) -> None:
    item.note = note
    item.save(update_fields=["note"])


def collection_item_remove(item: CollectionItem) -> None:
    item.delete()


# --------------------------------------------------------------------------- forks, remixes


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
def adaptation_fork(owner, material: Material) -> Adaptation:
    """The teacher's own version of one material, if its license permits adaptation."""
    decision = licensing.adaptation_decision(material.license)
    if not decision.allowed:
        raise AdaptationRefused(decision.reason)
    choice = licensing.license_choice([material.license])
    if not choice.ok:
        raise AdaptationRefused(choice.explanation, choice)
    adaptation = Adaptation.objects.create(
        owner=owner,
        kind=AdaptationKind.FORK,
        title=material.effective("title")[:500],
        description=material.effective("description") or "",
        grades=list(material.effective("grades") or []),
        subjects=list(material.effective("subjects") or []),
        alignments=standards_adapter.source_alignments([material]),
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


def adaptation_delete(adaptation: Adaptation) -> None:
    if adaptation.status == AdaptationStatus.PUBLISHED:
        raise TeacherError("A published work stays in the catalog; it cannot be deleted.")
    adaptation.delete()


# --------------------------------------------------------------------------- upstream changes


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


# --------------------------------------------------------------------------- publishing


def can_moderate(user) -> bool:
    """Curators (group or permission) and superusers moderate teachers' submissions."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_superuser
        or user.has_perm("teachers.moderate_adaptation")
        or user.groups.filter(name=CURATORS_GROUP).exists()
    )


def adaptation_submit(adaptation: Adaptation) -> None:
    """Ask curators to publish this work in the catalog."""
    if adaptation.status not in (AdaptationStatus.DRAFT, AdaptationStatus.CHANGES_REQUESTED):
        raise TeacherError("Only a draft or a work sent back for changes can be submitted.")
    if adaptation.license is None:
        raise TeacherError("Choose a license before submitting.")
    if not adaptation.changes_summary.strip():
        raise TeacherError("Say briefly what you changed: it is part of the attribution.")
    adaptation.status = AdaptationStatus.SUBMITTED
    adaptation.submitted_at = timezone.now()
    adaptation.save(update_fields=["status", "submitted_at", "updated_at"])


def adaptation_send_back(adaptation: Adaptation, curator, comment: str) -> None:
    if not can_moderate(curator):
        raise TeacherError("Only curators moderate submissions.")
    if adaptation.status != AdaptationStatus.SUBMITTED:
        raise TeacherError("Only submitted work can be sent back.")
    if not comment.strip():
        raise TeacherError("Tell the teacher what to change.")
    adaptation.status = AdaptationStatus.CHANGES_REQUESTED
    adaptation.moderation_comment = comment.strip()
    adaptation.moderated_by = curator
    adaptation.save(update_fields=["status", "moderation_comment", "moderated_by", "updated_at"])
    _notify(
        adaptation,
        f"Changes requested: {adaptation.title}"[:200],
        f"A curator sent “{adaptation.title}” back for changes:\n\n{adaptation.moderation_comment}",
    )


def _notify(adaptation: Adaptation, subject: str, message: str) -> None:
    """Email the author once the decision is committed (console backend by default)."""
    email = adaptation.owner.email
    if not email:
        return
    link = _public_url(adaptation.get_absolute_url())
    transaction.on_commit(
        lambda: send_mail(
            subject,
            f"{message}\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [email],
            fail_silently=True,
        )
    )


def _public_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _license_raw(lic: License | None) -> str:
    return (lic.uri or lic.key) if lic else ""


def adaptation_record(adaptation: Adaptation) -> MaterialRecord:
    """The catalog record of a published adaptation (source key "teachers")."""
    first = adaptation.sources.select_related("material").first()
    source = first.material if first else None
    author = licensing._author_name(adaptation.owner)
    return MaterialRecord(
        remote_id=f"adaptation-{adaptation.pk}",
        title=adaptation.title,
        url=_public_url(adaptation.get_absolute_url()),
        description=adaptation.description,
        license_raw=(adaptation.license.uri or adaptation.license.key)
        if adaptation.license
        else "",
        subjects=tuple(adaptation.subjects),
        grades=tuple(adaptation.grades),
        resource_types=tuple(source.resource_types) if source else (),
        educational_use=tuple(source.educational_use) if source else (),
        language=source.language if source else "",
        authors=(author,),
        publisher="OER Registry teachers",
        provider="OER Registry",
        date_created=adaptation.created_at,
        date_modified=timezone.now(),
    )


@transaction.atomic
def adaptation_approve(adaptation: Adaptation, curator) -> Material:
    """Publish: the work becomes a catalog Material (and so appears in search)."""
    if not can_moderate(curator):
        raise TeacherError("Only curators moderate submissions.")
    if adaptation.status != AdaptationStatus.SUBMITTED:
        raise TeacherError("Only submitted work can be approved.")
    material = material_upsert(PUBLISH_SOURCE_KEY, adaptation_record(adaptation)).material
    if adaptation.license_id and material.license_id != adaptation.license_id:
        material.license = adaptation.license
        Material.objects.filter(pk=material.pk).update(license=adaptation.license)
    standards_adapter.publish(material, adaptation.alignments)
    adaptation.status = AdaptationStatus.PUBLISHED
    adaptation.published_material = material
    adaptation.moderated_by = curator
    adaptation.moderation_comment = ""
    adaptation.save()
    _notify(
        adaptation,
        f"Published: {adaptation.title}"[:200],
        f"“{adaptation.title}” was approved and is now in the catalog.",
    )
    return material
