"""The Material: one openly licensed learning resource.

Harvested fields (what the source says) are kept apart from curator fields (what our staff say):
a re-harvest refreshes the first group and never touches the second. ``effective`` values
(what pages and search show) apply curator overrides on top of harvested values.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.text import slugify
from wagtail.models import RevisionMixin
from wagtail.search import index

_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_DASHES = re.compile(r"[-\s]+")

# Fields a harvest may write. Curators override them through ``overrides`` instead.
HARVESTED_FIELDS = (
    "title",
    "description",
    "url",
    "license_raw",
    "subjects",
    "grades",
    "resource_types",
    "language",
    "keywords",
    "authors",
    "publisher",
    "provider",
    "date_created",
    "date_modified",
    "accessibility",
    "educational_use",
)


class MaterialStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Material(RevisionMixin, index.Indexed, models.Model):
    # Identity: where the record came from. Harvest upserts on (source_key, remote_id).
    source_key = models.CharField(max_length=100, db_index=True, help_text="Harvest source slug")
    remote_id = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True)

    # Harvested fields.
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    canonical_url = models.CharField(
        max_length=1000, blank=True, db_index=True, help_text="Normalized URL, for deduplication"
    )
    license_raw = models.CharField(max_length=500, blank=True)
    license = models.ForeignKey(
        "licenses.License", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subjects = models.JSONField(default=list, blank=True)
    grades = models.JSONField(default=list, blank=True, help_text='Grade codes: "PK","K","1".."12"')
    grade_min = models.SmallIntegerField(null=True, blank=True, help_text="-1 = PreK, 0 = K")
    grade_max = models.SmallIntegerField(null=True, blank=True)
    resource_types = models.JSONField(default=list, blank=True)
    educational_use = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=20, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    authors = models.JSONField(default=list, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    provider = models.CharField(max_length=300, blank=True)
    date_created = models.DateTimeField(null=True, blank=True)
    date_modified = models.DateTimeField(null=True, blank=True)
    accessibility = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="sha256 of harvested fields"
    )

    # Curator fields: never written by a harvest.
    overrides = models.JSONField(
        default=dict, blank=True, help_text="Curator values that replace harvested ones"
    )
    curator_notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.ACTIVE, db_index=True
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a curator or reviewer approved this material"
    )
    needs_rereview = models.BooleanField(
        default=False, db_index=True, help_text="The source changed license, URL or content"
    )
    rereview_reason = models.CharField(max_length=300, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Wagtail's own search index is not fed on every save (harvests write in bulk, and one
    # queued task per save was the import's main cost); the admin searches with the ORM and
    # the catalog's search is search/. `manage.py update_index` fills it when wanted.
    search_auto_update = False
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "remote_id"], name="material_source_identity"
            )
        ]

    def __str__(self) -> str:
        return self.effective("title")

    def get_absolute_url(self) -> str:
        return f"/materials/{self.slug}/"

    def effective(self, field: str):
        """The value shown to users: a curator override if there is one, else the harvested one."""
        if field in self.overrides:
            return self.overrides[field]
        return getattr(self, field)

    def pending_harvested(self) -> dict:
        """Fields a curator overrode whose harvested value differs: {field: harvested value}.

        A harvest never touches ``overrides``; the newer harvested value sits beside the
        override, for the curator to accept (drop the override) or ignore."""
        return {
            name: getattr(self, name)
            for name, value in self.overrides.items()
            if name in HARVESTED_FIELDS and getattr(self, name) != value
        }

    @property
    def is_withdrawn(self) -> bool:
        return self.status == MaterialStatus.WITHDRAWN

    @staticmethod
    def make_slug(title: str, remote_id: str) -> str:
        import hashlib

        digest = hashlib.sha1(remote_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
        if title.isascii():  # slugify's own steps, without its Unicode normalisation
            base = _SLUG_DASHES.sub("-", _SLUG_DROP.sub("", title.lower())).strip("-_")[:100]
        else:
            base = slugify(title)[:100]
        base = base or "material"
        return f"{base}-{digest}"


class MaterialSource(models.Model):
    """One source record of a material. Deduplicated records from several sources point at
    one Material; ``values`` keeps what this source said, so the per-field winner can be
    recomputed by source priority (higher wins)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="sources")
    source_key = models.CharField(max_length=100)
    remote_id = models.CharField(max_length=500)
    priority = models.SmallIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    values = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    withdrawn = models.BooleanField(default=False)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_changed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-priority", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "remote_id"], name="material_source_record_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_key}:{self.remote_id}"


class MaterialIdentifier(models.Model):
    """A shared identifier (``doi:…``, ``isbn:…``, ``hdl:…``) used to match records across
    sources."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="identifiers")
    value = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "value"], name="material_identifier_unique")
        ]

    def __str__(self) -> str:
        return self.value


class IndexOutbox(models.Model):
    """A material whose derived index (``index``: "lexical", later "embeddings") is behind.

    Written in the same transaction as the change (``catalog.materials.outbox``), deleted only
    after the index accepted the material, so a crash or a dead engine loses nothing. One row
    per (material, index): a change to a material already queued bumps ``version`` (which the
    drain compares before deleting) and keeps ``enqueued_at``, the start of the lag. No foreign
    key: a deleted material's row must still reach the index (as a removal).
    """

    material_id = models.BigIntegerField()
    index = models.CharField(max_length=32)
    enqueued_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material_id", "index"], name="index_outbox_unique")
        ]
        indexes = [
            models.Index(fields=["index", "next_attempt_at"], name="index_outbox_due"),
            models.Index(fields=["index", "enqueued_at"], name="index_outbox_age"),
        ]

    def __str__(self) -> str:
        return f"{self.index}:{self.material_id}"
