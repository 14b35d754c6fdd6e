"""Anyone may comment on a pending entry while the list's public comment window is open."""

from __future__ import annotations

from django.utils import timezone

from ..errors import ListsError
from ..models import EntryStage, ListEntry, PublicComment

PENDING = (EntryStage.NOMINATED, EntryStage.IN_REVIEW)


def comment_submit(entry: ListEntry, *, name: str, body: str, email: str = "", now=None):
    now = now or timezone.now()
    if not entry.list_page.comments_accepted(now):
        raise ListsError("The public comment window for this list is closed.")
    if entry.stage not in PENDING:
        raise ListsError("Comments are taken only on entries still under review.")
    if not name.strip() or not body.strip():
        raise ListsError("Give your name and a comment.")
    return PublicComment.objects.create(
        entry=entry, name=name.strip()[:100], email=email.strip(), body=body.strip()[:5000]
    )
