"""A material on a list (ListEntry), its reviews (Review) and rubric scores (RubricScore).

An entry moves nominated → in review → decided (or removed). Approval records a snapshot of the
material's license, URL and content hash, so a later change at the source can be detected
(``receivers``) and the entry flagged for re-review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EntryStage(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    IN_REVIEW = "in_review", "In review"
    DECIDED = "decided", "Decided"
    REMOVED = "removed", "Removed"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_conditions", "Approved with conditions"
    NOT_APPROVED = "not_approved", "Not approved"


APPROVING = (Decision.APPROVED, Decision.APPROVED_WITH_CONDITIONS)
# Stages of an entry still under review: the public may comment on these.
UNDER_REVIEW = (EntryStage.NOMINATED, EntryStage.IN_REVIEW)


class ListEntry(models.Model):
    list_page = models.ForeignKey(
        "lists.ApprovedListPage", on_delete=models.CASCADE, related_name="entries"
    )
    material = models.ForeignKey(
        "materials.Material", on_delete=models.PROTECT, related_name="list_entries"
    )
    stage = models.CharField(
        max_length=20, choices=EntryStage.choices, default=EntryStage.NOMINATED, db_index=True
    )
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    conditions = models.TextField(blank=True, help_text="For approved with conditions")
    tier = models.CharField(max_length=50, blank=True, help_text="Tier or rating label")
    rating = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, help_text="Mean rubric score"
    )
    review_date = models.DateField(null=True, blank=True)
    public_rationale = models.TextField(blank=True)
    internal_notes = models.TextField(blank=True)

    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(auto_now_add=True)
    nomination_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # What the material was when approved: a change at the source means re-review.
    snapshot_license = models.ForeignKey(
        "licenses.License", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot_license_raw = models.CharField(max_length=500, blank=True)
    snapshot_url = models.CharField(max_length=1000, blank=True)
    snapshot_content_hash = models.CharField(max_length=64, blank=True)

    needs_rereview = models.BooleanField(default=False, db_index=True)
    rereview_reason = models.CharField(max_length=500, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["list_page", "material__title", "id"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(fields=["list_page", "material"], name="list_entry_unique")
        ]
        permissions = [
            ("nominate_listentry", "Can nominate a material for a list"),
            ("assign_listentry", "Can assign reviewers to a list entry"),
            ("review_listentry", "Can score list entries assigned to them"),
            ("decide_listentry", "Can decide a list entry"),
            ("publish_list", "Can publish a new version of an approved list"),
        ]

    def __str__(self) -> str:
        return f"{self.material} on {self.list_page}"

    @property
    def is_approved(self) -> bool:
        return self.stage == EntryStage.DECIDED and self.decision in APPROVING


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    SUBMITTED = "submitted", "Submitted"


class Review(models.Model):
    """One reviewer's assignment to an entry and, once submitted, their scores."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="list_reviews"
    )
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["entry", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="review_one_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.entry}"


class RubricScore(models.Model):
    """A score 0–3, or N/A (``score`` null), with the reviewer's comment, for one criterion."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "lists.RubricCriterion", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Blank = N/A")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=3),
                name="score_0_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {'N/A' if self.score is None else self.score}"
