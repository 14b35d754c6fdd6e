"""Reads of one approved list that its public page shows: versions, their rows filtered, the
entries open for comment and their approved comments.

The list page's routes call ``page_views``, which reads through this module, so it imports
only the models that the page module does not (versions, entries, comments): the page stays
below its views and the import graph has no cycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models.comments import CommentStatus
from .models.entries import UNDER_REVIEW, ListEntry
from .models.versions import ListVersion

if TYPE_CHECKING:
    from .models.pages import ApprovedListPage


def version_latest(list_page: ApprovedListPage) -> ListVersion | None:
    return ListVersion.objects.filter(list_page=list_page).order_by("-number").first()


def version_get(list_page: ApprovedListPage, number: int) -> ListVersion | None:
    return ListVersion.objects.filter(list_page=list_page, number=number).first()


def filter_rows(rows: list[dict], params) -> list[dict]:
    """The public list's filters over version rows: q (title/publisher), grade, decision,
    tier, license."""
    q = (params.get("q") or "").strip().lower()
    grade = (params.get("grade") or "").strip()
    decision = (params.get("decision") or "").strip()
    tier = (params.get("tier") or "").strip()
    license_key = (params.get("license") or "").strip()
    out = []
    for row in rows:
        if q and q not in (row["title"] + " " + row["publisher"]).lower():
            continue
        if grade and grade not in row["grades"]:
            continue
        if decision and row["decision"] != decision:
            continue
        if tier and row["tier"] != tier:
            continue
        if license_key and row["license_key"] != license_key:
            continue
        out.append(row)
    return out


def entries_open_for_comment(list_page: ApprovedListPage) -> QuerySet[ListEntry]:
    """The list's entries still under review (the ones the public may comment on)."""
    return (
        ListEntry.objects.filter(list_page=list_page, stage__in=UNDER_REVIEW)
        .select_related("material")
        .order_by("material__title")
    )


def comments_shown(entry: ListEntry):
    """The comments on ``entry`` the public sees: approved ones only."""
    return entry.public_comments.filter(status=CommentStatus.APPROVED)
