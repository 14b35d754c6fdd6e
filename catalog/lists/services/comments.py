"""Anyone may comment on a pending entry while the list's public comment window is open.
Comments wait for a curator's approval before they are shown, and each client address may
send only so many in a while (counted in the database, so the limit holds across workers)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..errors import ListsError
from ..models.comments import CommentStatus, PublicComment
from ..models.entries import UNDER_REVIEW, ListEntry
from ..permissions import DECIDE, require


class CommentRateLimited(ListsError):
    """Too many comments from one client address in the rate window."""


def comment_submit(
    entry: ListEntry, *, name: str, body: str, email: str = "", ip_hash: str = "", now=None
) -> PublicComment:
    """Store a comment awaiting moderation. ``ip_hash`` (catalog.client_ip.client_ip_hash)
    is what the rate limit counts; an empty one is not limited (calls from code, not a form)."""
    now = now or timezone.now()
    if not entry.list_page.comments_accepted(now):
        raise ListsError("The public comment window for this list is closed.")
    if entry.stage not in UNDER_REVIEW:
        raise ListsError("Comments are taken only on entries still under review.")
    if not name.strip() or not body.strip():
        raise ListsError("Give your name and a comment.")
    if ip_hash and _recent_from(ip_hash, now) >= settings.OER_COMMENT_RATE_LIMIT:
        minutes = max(1, settings.OER_COMMENT_RATE_WINDOW_SECONDS // 60)
        raise CommentRateLimited(
            "Too many comments from your address: please wait "
            f"{minutes} minute{'s' if minutes != 1 else ''} and try again."
        )
    return PublicComment.objects.create(
        entry=entry,
        name=name.strip()[:100],
        email=email.strip(),
        body=body.strip()[:5000],
        ip_hash=ip_hash,
        status=CommentStatus.PENDING,
    )


def _recent_from(ip_hash: str, now) -> int:
    since = now - dt.timedelta(seconds=settings.OER_COMMENT_RATE_WINDOW_SECONDS)
    return PublicComment.objects.filter(ip_hash=ip_hash, created_at__gt=since).count()


def comment_moderate(user, comment: PublicComment, *, approve: bool, now=None) -> PublicComment:
    """A curator approves (shown publicly) or rejects (never shown) a comment."""
    require(user, DECIDE, "moderate public comments")
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_by = user
    comment.moderated_at = now or timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment
