"""Nominate → assign → score → aggregate → decide, and every forbidden path."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.lists.errors import LicenseNotOpen, ListsError
from catalog.lists.models import Decision, EntryStage, ListEntry, ReviewStatus
from catalog.lists.selectors import entries_visible_to, entry_aggregate, reviewer_queue
from catalog.lists.services.entries import (
    entry_assign_reviewers,
    entry_decide,
    entry_nominate,
    entry_remove,
)
from catalog.lists.services.reviews import review_submit
from catalog.materials.services import material_withdraw

from .conftest import full_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(curator, reviewer, list_page, materials):
    entry = entry_nominate(curator, list_page, materials["by"], note="Strong number sense unit")
    entry_assign_reviewers(curator, entry, [reviewer])
    return entry


def test_full_review_flow_aggregates_two_reviewers(
    curator, reviewer, reviewer2, list_page, materials
):
    entry = entry_nominate(reviewer, list_page, materials["by"])
    assert entry.stage == EntryStage.NOMINATED and entry.nominated_by == reviewer
    entry_assign_reviewers(curator, entry, [reviewer, reviewer2])
    entry.refresh_from_db()
    assert entry.stage == EntryStage.IN_REVIEW
    assert [r.entry for r in reviewer_queue(reviewer)] == [entry]

    scores = full_scores(3)
    scores["V"] = (None, "No interactive parts")  # N/A is left out of the mean
    review_submit(reviewer, entry, scores, summary="Excellent")
    review_submit(reviewer2, entry, {**full_scores(2), "I": (1, "Weak alignment")})
    assert list(reviewer_queue(reviewer)) == []

    agg = entry_aggregate(entry)
    assert agg.submitted == 2
    assert agg.by_criterion["I"] == Decimal("2.00")  # (3 + 1) / 2
    assert agg.by_criterion["V"] == Decimal("2.00")  # only reviewer2's 2
    assert agg.by_criterion["II"] == Decimal("2.50")
    assert list(agg.by_criterion) == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    # overall = mean of criterion means: (2 + 2.5*6 + 2) / 8
    assert agg.overall == Decimal("2.38")

    entry_decide(curator, entry, Decision.APPROVED, tier="Tier 1", public_rationale="Rigorous.")
    entry.refresh_from_db()
    material = materials["by"]
    assert entry.is_approved and entry.rating == Decimal("2.38") and entry.tier == "Tier 1"
    assert entry.snapshot_url == material.url
    assert entry.snapshot_license_id == material.license_id is not None
    assert entry.snapshot_content_hash == material.content_hash
    assert entry.review_date is not None and entry.decided_by == curator


def test_resubmitting_replaces_scores(entry, reviewer):
    review_submit(reviewer, entry, full_scores(1))
    review_submit(reviewer, entry, full_scores(3))
    assert entry_aggregate(entry).overall == Decimal("3.00")
    assert entry.reviews.get().scores.count() == 8


def test_scores_must_cover_every_rubric_with_a_comment(entry, reviewer):
    partial = full_scores(2)
    partial.pop("VIII")
    with pytest.raises(ValidationError) as info:
        review_submit(reviewer, entry, partial)
    assert "VIII" in info.value.message_dict
    with pytest.raises(ValidationError):
        review_submit(reviewer, entry, {**full_scores(2), "III": (4, "too high")})
    with pytest.raises(ValidationError):
        review_submit(reviewer, entry, {**full_scores(2), "III": (2, "  ")})
    assert entry.reviews.get().status == ReviewStatus.ASSIGNED


def test_not_open_license_cannot_be_nominated_and_says_why(curator, list_page, materials):
    """A licence the list's open definition refuses is turned away at nomination, before any
    reviewer spends time on it."""
    with pytest.raises(LicenseNotOpen) as info:
        entry_nominate(curator, list_page, materials["by-nc-nd"])
    assert "ND" in str(info.value) and "reuse-adapt" in str(info.value)
    assert not ListEntry.objects.filter(list_page=list_page).exists()


def test_license_closed_after_nomination_cannot_be_approved(
    curator, reviewer, list_page, materials
):
    """A list whose definition tightens after nomination still refuses approval, and "not
    approved" stays possible."""
    entry = entry_nominate(curator, list_page, materials["by-nc"])
    entry_assign_reviewers(curator, entry, [reviewer])
    review_submit(reviewer, entry, full_scores(3))
    list_page.open_definition = "no-nc"
    list_page.save()
    entry.refresh_from_db()
    with pytest.raises(LicenseNotOpen):
        entry_decide(curator, entry, Decision.APPROVED)
    entry.refresh_from_db()
    assert entry.decision == "" and entry.stage == EntryStage.IN_REVIEW
    entry_decide(curator, entry, Decision.NOT_APPROVED, public_rationale="License forbids selling")
    entry.refresh_from_db()
    assert entry.decision == Decision.NOT_APPROVED


def test_open_definition_is_the_lists(curator, reviewer, list_page, materials):
    """CC BY-NC is open under reuse-adapt but not under a "no-nc" list."""
    list_page.open_definition = "no-nc"
    list_page.save()
    with pytest.raises(LicenseNotOpen, match="NC"):
        entry_nominate(curator, list_page, materials["by-nc"])
    list_page.open_definition = "reuse-adapt"
    list_page.save()
    entry = entry_nominate(curator, list_page, materials["by-nc"])
    entry_assign_reviewers(curator, entry, [reviewer])
    review_submit(reviewer, entry, full_scores(2))
    entry_decide(curator, entry, Decision.APPROVED)


def test_approval_needs_a_submitted_review_and_conditions_text(entry, curator, reviewer):
    with pytest.raises(ListsError, match="No reviewer"):
        entry_decide(curator, entry, Decision.APPROVED)
    review_submit(reviewer, entry, full_scores(2))
    with pytest.raises(ListsError, match="conditions"):
        entry_decide(curator, entry, Decision.APPROVED_WITH_CONDITIONS)
    entry_decide(
        curator, entry, Decision.APPROVED_WITH_CONDITIONS, conditions="Use with the 2024 errata"
    )


def test_withdrawn_material_cannot_be_nominated(curator, list_page, materials):
    material_withdraw(materials["by"], "gone at source")
    with pytest.raises(ListsError, match="withdrawn"):
        entry_nominate(curator, list_page, materials["by"])


def test_nominating_twice_is_refused_but_removed_entries_return(curator, list_page, materials):
    entry = entry_nominate(curator, list_page, materials["by"])
    with pytest.raises(ListsError, match="already"):
        entry_nominate(curator, list_page, materials["by"])
    entry_remove(curator, entry, "duplicate of a newer edition")
    again = entry_nominate(curator, list_page, materials["by"])
    assert again.pk == entry.pk and again.stage == EntryStage.NOMINATED


# Forbidden paths: one test per rule.


def test_teacher_cannot_nominate(teacher, list_page, materials):
    with pytest.raises(PermissionDenied):
        entry_nominate(teacher, list_page, materials["by"])


def test_reviewer_cannot_assign_reviewers(entry, reviewer, reviewer2):
    with pytest.raises(PermissionDenied):
        entry_assign_reviewers(reviewer, entry, [reviewer2])


def test_only_reviewers_can_be_assigned(entry, curator, teacher):
    with pytest.raises(ListsError, match="not a reviewer"):
        entry_assign_reviewers(curator, entry, [teacher])


def test_unassigned_reviewer_cannot_score(entry, reviewer2):
    with pytest.raises(PermissionDenied, match="not assigned"):
        review_submit(reviewer2, entry, full_scores(3))


def test_curator_without_reviewer_role_cannot_score(entry, curator):
    with pytest.raises(PermissionDenied):
        review_submit(curator, entry, full_scores(3))


def test_reviewer_cannot_decide(entry, reviewer):
    review_submit(reviewer, entry, full_scores(3))
    with pytest.raises(PermissionDenied):
        entry_decide(reviewer, entry, Decision.APPROVED)


def test_reviewer_cannot_remove(entry, reviewer):
    with pytest.raises(PermissionDenied):
        entry_remove(reviewer, entry)


def test_inactive_curator_cannot_decide(entry, curator, reviewer):
    review_submit(reviewer, entry, full_scores(3))
    curator.is_active = False
    curator.save()
    with pytest.raises(PermissionDenied):
        entry_decide(curator, entry, Decision.APPROVED)


def test_reviewers_see_only_what_they_are_assigned(
    entry, curator, reviewer, reviewer2, teacher, list_page, materials
):
    other = entry_nominate(curator, list_page, materials["by-sa"])
    entry_assign_reviewers(curator, other, [reviewer2])
    assert set(entries_visible_to(curator)) == {entry, other}
    assert list(entries_visible_to(reviewer)) == [entry]
    assert list(entries_visible_to(reviewer2)) == [other]
    assert list(entries_visible_to(teacher)) == []
