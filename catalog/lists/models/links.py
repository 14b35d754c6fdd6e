"""Outcome history of link checks (``manage.py check_links``): one row per check."""

from __future__ import annotations

from django.db import models


class LinkCheck(models.Model):
    material = models.ForeignKey(
        "materials.Material", on_delete=models.CASCADE, related_name="link_checks"
    )
    url = models.CharField(max_length=1000)
    checked_at = models.DateTimeField(db_index=True)
    method = models.CharField(max_length=10, help_text="HEAD, or GET when HEAD was refused")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField()
    final_url = models.CharField(max_length=1000, blank=True)
    redirects = models.JSONField(default=list, blank=True, help_text="[[status, url], …]")
    error = models.CharField(max_length=500, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} {self.status_code or self.error}"
