"""Reads over the review queue: pending suggestions filtered by framework, list and source."""

from __future__ import annotations

from ..models import AlignmentSuggestion, SuggestionStatus


def suggestion_queue(
    *,
    framework_id: int | None = None,
    list_page_id: int | None = None,
    source: str | None = None,
    status: str = SuggestionStatus.PENDING,
):
    """Suggestions of ``status`` (pending by default), best first, with their material and
    item. ``list_page_id``: only materials entered on that approved list."""
    queue = AlignmentSuggestion.objects.filter(status=status)
    if framework_id:
        queue = queue.filter(item__framework_id=framework_id)
    if list_page_id:
        queue = queue.filter(material__list_entries__list_page_id=list_page_id)
    if source:
        queue = queue.filter(material__source_key=source)
    return (
        queue.select_related("material", "item", "item__framework")
        .distinct()
        .order_by("-score", "pk")
    )


def material_suggestions(material_id: int, limit: int = 5):
    """A material's pending suggestions, best first (the teachers' customize page)."""
    return (
        AlignmentSuggestion.objects.filter(material_id=material_id, status=SuggestionStatus.PENDING)
        .select_related("item", "item__framework")
        .order_by("-score", "pk")[:limit]
    )
