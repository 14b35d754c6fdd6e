"""Publishing a teacher's work: the teacher submits it, a curator sends it back or approves it,
and an approved work becomes a catalog Material (source key "teachers")."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from catalog.licenses.models import License
from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services.licensing import materials_license_set
from catalog.materials.services.upsert import material_upsert

from .. import licensing
from .. import standards as standards_adapter
from ..models import Adaptation, AdaptationStatus
from .errors import TeacherError

CURATORS_GROUP = "Curators"
PUBLISH_SOURCE_KEY = "teachers"


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
        license_raw=_license_raw(adaptation.license),
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
        materials_license_set({adaptation.license: [material.pk]})
        material.refresh_from_db()
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
