"""A reviewer scores an entry they are assigned: every criterion of the list's rubric gets a
score 0–3 or N/A (None), each with a comment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..errors import ListsError
from ..models import EntryStage, ListEntry, Review, ReviewStatus, RubricScore
from ..models.rubrics import SCORE_MAX, SCORE_MIN
from ..permissions import REVIEW, require
from ..selectors import list_rubric


@transaction.atomic
def review_submit(user, entry: ListEntry, scores: dict, summary: str = "") -> Review:
    """Store ``scores`` = {criterion number: (score or None, comment)} for the user's review.

    Refused unless the user is a reviewer assigned to this entry; every criterion must be
    scored (N/A counts) and commented. Re-submitting replaces the previous scores.
    """
    require(user, REVIEW, "score list entries")
    review = Review.objects.select_for_update().filter(entry=entry, reviewer=user).first()
    if review is None:
        raise PermissionDenied("You are not assigned to review this entry.")
    if entry.stage not in (EntryStage.IN_REVIEW, EntryStage.DECIDED):
        raise ListsError("This entry is not open for review.")
    criteria = list(list_rubric(entry.list_page).criteria.all())
    errors = {}
    rows = []
    for criterion in criteria:
        if criterion.number not in scores:
            errors[criterion.number] = "Score this rubric (0–3 or N/A)."
            continue
        score, comment = scores[criterion.number]
        if score is not None and not (isinstance(score, int) and SCORE_MIN <= score <= SCORE_MAX):
            errors[criterion.number] = f"Scores are {SCORE_MIN}–{SCORE_MAX} or N/A."
        elif not (comment or "").strip():
            errors[criterion.number] = "Add a comment."
        else:
            rows.append(
                RubricScore(review=review, criterion=criterion, score=score, comment=comment)
            )
    unknown = set(scores) - {c.number for c in criteria}
    if unknown:
        errors["__all__"] = f"Not criteria of this rubric: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)
    review.scores.all().delete()
    RubricScore.objects.bulk_create(rows)
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.summary = summary
    review.save(update_fields=["status", "submitted_at", "summary"])
    return review
