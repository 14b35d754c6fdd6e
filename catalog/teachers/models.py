"""What teachers own: a profile, collections of materials, and adaptations (forks and remixes).

An ``Adaptation`` is a teacher's own version of one material (a fork) or of several (a remix).
Each of its ``AdaptationSource`` rows records the source material, the source's version
(``content_hash``) and a snapshot of the source fields at that version: the baseline against
which upstream changes are diffed. ``UpstreamChange`` rows are the per-field differences the
teacher has not yet pulled or dismissed. A published adaptation is also a catalog Material
(``published_material``, source key "teachers"); forking that material continues the chain.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TeacherProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_profile"
    )
    display_name = models.CharField(
        max_length=150, blank=True, help_text="Shown as the author of your adaptations"
    )
    school = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private: only you"
    LINK = "link", "Shared by link: anyone with the link"
    PUBLIC = "public", "Public: listed on the site"


class Collection(models.Model):
    """A teacher's named, ordered set of materials. Its URL carries an unguessable token, so
    "shared by link" works without accounts; private ones answer 404 to everyone else."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/collections/{self.token}/"


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    material = models.ForeignKey("materials.Material", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "material"], name="collection_item_unique_material"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection} #{self.position}"


class AdaptationKind(models.TextChoices):
    FORK = "fork", "Customized version"
    REMIX = "remix", "Remix"


class AdaptationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes", "Sent back for changes"
    PUBLISHED = "published", "Published"


class Adaptation(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adaptations"
    )
    kind = models.CharField(max_length=10, choices=AdaptationKind.choices)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    grades = models.JSONField(default=list, blank=True, help_text='Grade codes: "PK","K","1".."12"')
    subjects = models.JSONField(default=list, blank=True)
    alignments = models.JSONField(
        default=list,
        blank=True,
        help_text='Standards: [{"target": code or URI, "alignment_type": "teaches"}]',
    )
    body = models.TextField(
        blank=True, help_text="What the teacher wrote: adapted instructions, added activities"
    )
    changes_summary = models.CharField(
        max_length=500, blank=True, help_text="What you changed (part of the attribution)"
    )
    license = models.ForeignKey(
        "licenses.License", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10,
        choices=AdaptationStatus.choices,
        default=AdaptationStatus.DRAFT,
        db_index=True,
    )
    moderation_comment = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_material = models.OneToOneField(
        "materials.Material",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptation",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("moderate_adaptation", "Can approve or send back teacher adaptations")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/adaptations/{self.pk}/"

    @property
    def is_fork(self) -> bool:
        return self.kind == AdaptationKind.FORK

    @property
    def editable(self) -> bool:
        """Teachers edit drafts and sent-back work; submitted work waits for a curator."""
        return self.status in (AdaptationStatus.DRAFT, AdaptationStatus.CHANGES_REQUESTED)


class AdaptationSource(models.Model):
    """One source of an adaptation, at the version the teacher started from."""

    adaptation = models.ForeignKey(Adaptation, on_delete=models.CASCADE, related_name="sources")
    material = models.ForeignKey(
        "materials.Material", on_delete=models.PROTECT, related_name="adaptation_sources"
    )
    position = models.PositiveSmallIntegerField(default=0)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="The source's content_hash when adapted"
    )
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="Source fields at that version: the diff baseline"
    )
    adapted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["adaptation", "material"], name="adaptation_source_unique_material"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adaptation} ← {self.material}"


class ChangeState(models.TextChoices):
    PENDING = "pending", "Waiting for you"
    PULLED = "pulled", "Pulled in"
    DISMISSED = "dismissed", "Dismissed"


class UpstreamChange(models.Model):
    """One field of a source that changed after the teacher adapted it."""

    source = models.ForeignKey(AdaptationSource, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    new_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING, db_index=True
    )
    detected_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.field} ({self.state})"
