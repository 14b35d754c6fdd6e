"""A helper that walks entries through review to approval (used by several test modules)."""

from catalog.lists.models import Decision
from catalog.lists.services.entries import entry_assign_reviewers, entry_decide, entry_nominate
from catalog.lists.services.reviews import review_submit

from .conftest import full_scores


def approve(curator, reviewers, list_page, material, *, decision=Decision.APPROVED, **fields):
    entry = entry_nominate(curator, list_page, material)
    entry_assign_reviewers(curator, entry, reviewers)
    for i, reviewer in enumerate(reviewers):
        review_submit(reviewer, entry, full_scores(3 - i))
    if decision == Decision.APPROVED_WITH_CONDITIONS:
        fields.setdefault("conditions", "Pair with the teacher guide")
    return entry_decide(curator, entry, decision, **fields)
