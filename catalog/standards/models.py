"""Academic standards: frameworks (CASE CFDocument / ASN StandardDocument), their items
(CFItem / ASN Statement), associations between items (CFAssociation, ASN alignTo), the codes an
item can be looked up by, and the alignments of materials to items.

The tree lives in ``StandardItem.parent``; ``Association`` keeps every other link, including
ones whose far end is in another framework or is an external URI not (yet) imported: the raw
reference is stored and resolved whenever a later import brings the target in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .codes import short_code


class Framework(models.Model):
    """One standards document: CCSS Math, NGSS, Maryland Science…"""

    identifier = models.CharField(max_length=500, unique=True, help_text="CFDocument identifier")
    uri = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    creator = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    jurisdiction = models.CharField(max_length=200, blank=True, db_index=True)
    subject = models.CharField(max_length=200, blank=True, db_index=True)
    version = models.CharField(max_length=100, blank=True)
    adoption_status = models.CharField(max_length=100, blank=True)
    license = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    source_format = models.CharField(max_length=30, blank=True, help_text="case, asn-json, …")
    source = models.CharField(max_length=1000, blank=True, help_text="Last imported file or URL")
    last_imported_at = models.DateTimeField(null=True, blank=True)
    suggest_auto_apply_score = models.FloatField(
        null=True,
        blank=True,
        help_text="Suggested alignments scoring at least this are applied without review. "
        "Empty (the default): every suggestion waits for a curator.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "subject", "title"]

    def __str__(self) -> str:
        return self.title


class StandardItem(models.Model):
    """One statement of a framework: a domain, cluster, standard or component."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    identifier = models.CharField(max_length=500, help_text="CFItem identifier")
    uri = models.CharField(max_length=1000, blank=True)
    human_coding_scheme = models.CharField(max_length=200, blank=True, db_index=True)
    statement = models.TextField(blank=True)
    abbreviated_statement = models.CharField(max_length=500, blank=True)
    item_type = models.CharField(max_length=100, blank=True)
    education_levels = models.JSONField(default=list, blank=True)
    list_enumeration = models.CharField(max_length=50, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order among siblings")
    depth = models.PositiveSmallIntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    retired = models.BooleanField(default=False, db_index=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework_id", "depth", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "identifier"], name="standard_item_framework_identifier"
            )
        ]

    def __str__(self) -> str:
        code = self.human_coding_scheme
        text = self.abbreviated_statement or self.statement
        return f"{code} {text[:80]}".strip() if code else text[:100]

    @property
    def code(self) -> str:
        return self.human_coding_scheme or self.identifier


class CodeKind(models.TextChoices):
    IDENTIFIER = "identifier", "Identifier"
    URI = "uri", "URI"
    HUMAN = "human", "Human coding scheme"
    ASN = "asn", "ASN id"
    CCSS_GUID = "ccss_guid", "CCSS GUID"
    CCSS_KEY = "ccss_key", "CCSS key"


class StandardCode(models.Model):
    """A normalised string an item can be found by (lower-cased identifier, URI, code, ASN id,
    official CCSS GUID or the canonical CCSS key). Derived data, rebuilt by every import.

    Items that share an ``asn`` or ``ccss_key`` code are the same standard published in two
    frameworks (e.g. the ASN and CASE copies of CCSS Math); selectors treat them as exact
    matches.
    """

    item = models.ForeignKey(StandardItem, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=1000, db_index=True)
    kind = models.CharField(max_length=20, choices=CodeKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "code", "kind"], name="standard_code_unique")
        ]
        indexes = [models.Index(fields=["kind", "code"], name="standard_code_kind_code")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.code}"


class AssociationType(models.TextChoices):
    IS_CHILD_OF = "isChildOf", "is child of"
    EXACT_MATCH_OF = "exactMatchOf", "exact match of"
    IS_RELATED_TO = "isRelatedTo", "is related to"
    IS_PEER_OF = "isPeerOf", "is peer of"
    IS_PART_OF = "isPartOf", "is part of"
    PRECEDES = "precedes", "precedes"
    REPLACED_BY = "replacedBy", "replaced by"
    EXEMPLAR = "exemplar", "exemplar"
    HAS_SKILL_LEVEL = "hasSkillLevel", "has skill level"
    ALIGN_TO = "alignTo", "aligns to (ASN)"


class Association(models.Model):
    """A typed link from an origin item to a destination (item or external reference)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="associations")
    identifier = models.CharField(max_length=500)
    association_type = models.CharField(max_length=20, choices=AssociationType.choices)
    origin_ref = models.CharField(max_length=1000)
    destination_ref = models.CharField(max_length=1000)
    origin = models.ForeignKey(
        StandardItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing"
    )
    destination = models.ForeignKey(
        StandardItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming"
    )
    sequence_number = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "identifier"], name="standard_association_identifier"
            )
        ]
        indexes = [models.Index(fields=["association_type"], name="standard_assoc_type")]

    def __str__(self) -> str:
        return f"{self.origin_ref} {self.association_type} {self.destination_ref}"


class AlignmentType(models.TextChoices):
    """LRMI ``alignmentType`` vocabulary."""

    TEACHES = "teaches", "teaches"
    ASSESSES = "assesses", "assesses"
    REQUIRES = "requires", "requires"
    TEXT_COMPLEXITY = "textComplexity", "text complexity"
    READING_LEVEL = "readingLevel", "reading level"
    EDUCATIONAL_SUBJECT = "educationalSubject", "educational subject"
    EDUCATIONAL_LEVEL = "educationalLevel", "educational level"


class AlignmentOrigin(models.TextChoices):
    HARVESTED = "harvested", "Harvested"
    CURATOR = "curator", "Curator"
    TEACHER = "teacher", "Teacher"
    SUGGESTED = "suggested", "Suggested (accepted by a curator)"


class Alignment(models.Model):
    """A material aligned to a standard item. ``target`` keeps the reference as the source gave
    it, so an alignment to an item not imported yet stays visible (``item`` is null) and is
    resolved by a later ``alignments_resolve``."""

    material = models.ForeignKey(
        "materials.Material", on_delete=models.CASCADE, related_name="alignments"
    )
    item = models.ForeignKey(
        StandardItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="alignments"
    )
    target = models.CharField(
        max_length=1000, blank=True, help_text="Code, GUID or URI as the source gave it"
    )
    framework_hint = models.CharField(max_length=500, blank=True)
    alignment_type = models.CharField(
        max_length=30, choices=AlignmentType.choices, default=AlignmentType.TEACHES
    )
    origin = models.CharField(
        max_length=20, choices=AlignmentOrigin.choices, default=AlignmentOrigin.CURATOR
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["material_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "target", "alignment_type"], name="alignment_unique_target"
            )
        ]

    def __str__(self) -> str:
        what = self.item.code if self.item_id else f"unresolved: {self.target}"
        return f"{self.alignment_type} {what}"

    def clean(self):
        """An alignment chosen in the admin names its item; the target defaults to it."""
        from django.core.exceptions import ValidationError

        if not self.target and self.item_id:
            self.target = self.item.identifier[:1000]
        if not self.target:
            raise ValidationError({"item": "Choose a standard item (or give a target)."})

    @property
    def is_resolved(self) -> bool:
        return self.item_id is not None


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class AlignmentSuggestion(models.Model):
    """A standard item suggested for a material, waiting for (or decided by) a curator.

    Accepting makes an ``Alignment`` with origin "suggested"; a rejected suggestion stays, so
    the same item is never suggested for the material again. Pending suggestions are not
    alignments: search and facets never see them."""

    material = models.ForeignKey(
        "materials.Material", on_delete=models.CASCADE, related_name="alignment_suggestions"
    )
    item = models.ForeignKey(StandardItem, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField(db_index=True)
    reason = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["material", "item"], name="suggestion_material_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} for material {self.material_id} ({self.score:.2f}, {self.status})"

    @property
    def code(self) -> str:
        """The code people write (``3.NF.A.1``), for lists and the teachers' page."""
        human = self.item.human_coding_scheme
        return short_code(human) or human or self.item.identifier
