"""A published version of a list: a frozen copy of its approved entries plus a changelog.

Public pages, exports and the OAI-PMH sets read versions, never the working entries, so what a
district downloaded as "version 3" stays the same forever at ``<list>/versions/3/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ListVersion(models.Model):
    list_page = models.ForeignKey(
        "lists.ApprovedListPage", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    entries = models.JSONField(default=list, help_text="Rows of the list as published")
    changelog = models.JSONField(
        default=dict, help_text='{"added": [], "removed": [], "changed": []}'
    )

    class Meta:
        ordering = ["list_page", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["list_page", "number"], name="list_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.list_page} v{self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.list_page.url}versions/{self.number}/"

    @property
    def material_ids(self) -> set[int]:
        return self.material_ids_of(self.entries)

    @staticmethod
    def material_ids_of(entries) -> set[int]:
        """The material ids of a version's ``entries`` rows (also read alone, as a column)."""
        return {int(row["material_id"]) for row in entries or ()}
