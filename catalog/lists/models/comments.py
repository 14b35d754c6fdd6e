"""Public comments on pending entries, accepted only inside the list's comment window."""

from __future__ import annotations

from django.db import models


class PublicComment(models.Model):
    entry = models.ForeignKey(
        "lists.ListEntry", on_delete=models.CASCADE, related_name="public_comments"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="Never shown publicly")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(default=False, help_text="Hidden by a curator (moderation)")

    class Meta:
        ordering = ["entry", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} on {self.entry_id}"
