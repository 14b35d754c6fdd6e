"""The License record: one per legal tool (a CC license in one version and port, CC0, GPL…)."""

from __future__ import annotations

from django.db import models

from .text import clean, mapping_key


class LicenseFamily(models.TextChoices):
    CC = "cc", "Creative Commons license"
    CC0 = "cc0", "CC0 public domain dedication"
    PDM = "pdm", "Public Domain Mark"
    PUBLIC_DOMAIN = "public-domain", "Public domain (other)"
    FREE_SOFTWARE = "free-software", "Free software / documentation license"
    ALL_RIGHTS_RESERVED = "arr", "All rights reserved"
    CUSTOM = "custom", "Custom terms"


class License(models.Model):
    """A legal tool. ``key`` is stable: the SPDX id where one exists (``CC-BY-SA-3.0-DE``)."""

    key = models.CharField(max_length=80, unique=True)
    spdx_id = models.CharField(max_length=80, blank=True, db_index=True)
    uri = models.URLField(max_length=300, blank=True, db_index=True)
    deed_url = models.URLField(max_length=300, blank=True)
    legalcode_url = models.URLField(max_length=300, blank=True)
    title = models.CharField(max_length=300)
    short_name = models.CharField(max_length=80, blank=True, help_text="e.g. CC BY-SA 4.0")
    family = models.CharField(max_length=20, choices=LicenseFamily.choices)
    code = models.CharField(max_length=40, blank=True, help_text="CC code: by, by-sa, by-nc…")
    version = models.CharField(max_length=10, blank=True)
    jurisdiction = models.CharField(max_length=20, blank=True, help_text="Port: de, igo…")
    requires_attribution = models.BooleanField(default=True)
    share_alike = models.BooleanField(default=False)
    non_commercial = models.BooleanField(default=False)
    no_derivatives = models.BooleanField(default=False)
    public_domain = models.BooleanField(default=False)
    deprecated = models.BooleanField(default=False)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other URLs of the same legal tool (resolver input)"
    )

    class Meta:
        ordering = ["family", "code", "-version", "jurisdiction"]

    def __str__(self) -> str:
        return self.short_name or self.title

    @property
    def version_unknown(self) -> bool:
        """A CC family without a version ("CC BY"): what an unversioned string resolves to."""
        return self.family == LicenseFamily.CC and not self.version


class LicenseMapping(models.Model):
    """A curator's decision: this raw license string means that License.

    Keyed on the normalized string (see ``text.mapping_key``) so that spacing and case
    variants share one decision. The resolver consults mappings before its own rules, so a
    mapping applies to every material carrying the string and to every later harvest.
    """

    raw_key = models.CharField(max_length=500, unique=True, editable=False)
    raw = models.CharField(max_length=500, help_text="The string as first seen")
    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="mappings")
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["raw_key"]

    def __str__(self) -> str:
        return f"{self.raw} → {self.license}"

    def save(self, *args, **kwargs):
        self.raw = clean(self.raw)[:500]
        self.raw_key = mapping_key(self.raw)
        super().save(*args, **kwargs)
