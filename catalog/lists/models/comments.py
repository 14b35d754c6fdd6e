"""Public comments on pending entries, accepted only inside the list's comment window and
shown only once a curator approves them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Awaiting moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class PublicComment(models.Model):
    entry = models.ForeignKey(
        "lists.ListEntry", on_delete=models.CASCADE, related_name="public_comments"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="Never shown publicly")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # A keyed hash of the commenter's address (catalog.client_ip): enough to count recent
    # comments per address for the rate limit, without keeping the address itself.
    ip_hash = models.CharField(max_length=64, blank=True, default="")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "created_at", "id"]
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="lists_comment_ip_recent"),
            models.Index(fields=["status", "created_at"], name="lists_comment_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.entry_id}"
