"""Reads for lists: what a user may see, aggregates of rubric scores, the published rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from catalog.materials.selectors import material_list_active
from catalog.vocabulary import subject_label

from . import compat
from .models import (
    ApprovedListPage,
    CommentStatus,
    ListEntry,
    ListVersion,
    PublicComment,
    Review,
    ReviewStatus,
    Rubric,
)
from .models.entries import APPROVING, EntryStage
from .page_selectors import version_latest
from .permissions import REVIEW, can_see_all_entries
from .rubric_data import ACHIEVE_SLUG


def list_rubric(list_page: ApprovedListPage) -> Rubric:
    """The list's rubric, or the shipped Achieve OER rubrics."""
    if list_page.rubric_id:
        return list_page.rubric
    return Rubric.objects.get(slug=ACHIEVE_SLUG)


def entries_visible_to(user, list_page: ApprovedListPage | None = None) -> QuerySet[ListEntry]:
    """Curators see every entry; reviewers only those they are assigned; others none."""
    qs = ListEntry.objects.select_related("material", "list_page", "material__license")
    if list_page is not None:
        qs = qs.filter(list_page=list_page)
    if can_see_all_entries(user):
        return qs
    if user and user.is_active and user.has_perm(REVIEW):
        return qs.filter(reviews__reviewer=user).distinct()
    return qs.none()


def entry_get_for_user(user, pk: int) -> ListEntry:
    entry = entries_visible_to(user).filter(pk=pk).first()
    if entry is None:
        raise PermissionDenied("You are not assigned to this entry.")
    return entry


def reviewer_queue(user) -> QuerySet[Review]:
    """The user's reviews still to submit, oldest assignment first."""
    return (
        Review.objects.filter(reviewer=user, status=ReviewStatus.ASSIGNED)
        .exclude(entry__stage=EntryStage.REMOVED)
        .select_related("entry__material", "entry__list_page")
        .order_by("assigned_at")
    )


@dataclass(frozen=True)
class Aggregate:
    """Scores over submitted reviews: per criterion the mean of numeric scores (N/A left out)."""

    submitted: int
    by_criterion: dict[str, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def entry_aggregate(entry: ListEntry) -> Aggregate:
    reviews = list(
        entry.reviews.filter(status=ReviewStatus.SUBMITTED).prefetch_related("scores__criterion")
    )
    per: dict[str, list[int]] = {}
    numbers: dict[str, int] = {}
    for review in reviews:
        for score in review.scores.all():
            numbers[score.criterion.number] = score.criterion.position
            per.setdefault(score.criterion.number, [])
            if score.score is not None:
                per[score.criterion.number].append(score.score)
    by_criterion = {n: _mean(per[n]) for n in sorted(per, key=numbers.get)}
    means = [m for m in by_criterion.values() if m is not None]
    overall = (sum(means) / len(means)).quantize(Decimal("0.01"), ROUND_HALF_UP) if means else None
    return Aggregate(submitted=len(reviews), by_criterion=by_criterion, overall=overall)


def entries_to_publish(list_page: ApprovedListPage) -> QuerySet[ListEntry]:
    """Approved entries whose material is still active: what the next version will list."""
    return (
        ListEntry.objects.filter(
            list_page=list_page, stage=EntryStage.DECIDED, decision__in=APPROVING
        )
        .exclude(material__status="withdrawn")
        .select_related("material", "material__license")
        .prefetch_related("reviews__reviewer")
        .order_by("material__title", "material_id")
    )


def published_lists() -> QuerySet[ApprovedListPage]:
    return ApprovedListPage.objects.live().filter(versions__isnull=False).distinct()


def published_lists_public() -> QuerySet[ApprovedListPage]:
    """Live lists with at least one version and no view restriction, each with its versions
    (newest first, without their rows), by jurisdiction and title: what the public API lists."""
    versions = ListVersion.objects.only("pk", "list_page_id", "number", "published_at")
    return (
        published_lists()
        .public()
        .order_by("jurisdiction", "title", "pk")
        .prefetch_related(Prefetch("versions", queryset=versions.order_by("-number")))
    )


def dashboard_counts() -> list[dict]:
    """Per list: entries by stage, approvals, re-reviews pending (for the staff dashboard)."""
    rows = []
    for page in ApprovedListPage.objects.order_by("title"):
        counts = page.entries.aggregate(
            nominated=Count("id", filter=Q(stage=EntryStage.NOMINATED)),
            in_review=Count("id", filter=Q(stage=EntryStage.IN_REVIEW)),
            approved=Count("id", filter=Q(stage=EntryStage.DECIDED, decision__in=APPROVING)),
            not_approved=Count("id", filter=Q(stage=EntryStage.DECIDED, decision="not_approved")),
            rereview=Count("id", filter=Q(needs_rereview=True)),
        )
        rows.append({"page": page, "latest": version_latest(page), **counts})
    return rows


def comments_awaiting_moderation():
    """Comments no curator has approved or rejected yet, oldest first."""
    return (
        PublicComment.objects.filter(status=CommentStatus.PENDING)
        .select_related("entry__material", "entry__list_page")
        .order_by("created_at", "id")
    )


def nomination_candidates(list_page: ApprovedListPage, params, *, limit: int = 25) -> list[dict]:
    """The nomination chooser's results: active materials matching ``q`` (title words, slug or
    id), filtered by ``license`` (key), ``grade`` (a grade number inside the material's
    range) and ``subject`` (a tag, as written or in words), each with whether the list's open
    definition accepts its licence (and why not), and whether it is on the list already."""
    q = (params.get("q") or "").strip()
    license_key = (params.get("license") or "").strip()
    grade = (params.get("grade") or "").strip()
    subject = (params.get("subject") or "").strip().lower()
    if not (q or license_key or grade or subject):
        return []
    materials = material_list_active()
    if q:
        found = Q(slug=q) | (Q(pk=int(q)) if q.isdigit() else Q(pk=None))
        words = Q()
        for word in q.split()[:8]:
            words &= Q(title__icontains=word)
        materials = materials.filter(found | words)
    if license_key:
        materials = materials.filter(license__key=license_key)
    if grade.lstrip("-").isdigit():
        n = int(grade)
        materials = materials.filter(grade_min__lte=n, grade_max__gte=n)
    on_list = set(
        ListEntry.objects.filter(list_page=list_page)
        .exclude(stage=EntryStage.REMOVED)
        .values_list("material_id", flat=True)
    )
    definition = list_page.open_definition
    out = []
    for material in materials.order_by("title", "pk").iterator(chunk_size=200):
        if subject and not any(
            subject in (s.lower(), subject_label(s).lower()) for s in material.subjects or []
        ):
            continue
        is_open = compat.is_open(material.license, definition)
        out.append(
            {
                "material": material,
                "open": is_open,
                "reason": "" if is_open else compat.not_open_reason(material.license, definition),
                "on_list": material.pk in on_list,
            }
        )
        if len(out) >= limit:
            break
    return out
