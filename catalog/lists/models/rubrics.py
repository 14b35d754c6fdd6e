"""Review rubrics as data: a rubric is a named set of criteria, each scored 0–3 or N/A.

The Achieve OER rubrics I–VIII ship as a data file (``fixtures/rubrics/achieve_oer.json``,
loaded by a data migration); a state may load its own with ``rubric_load``.
"""

from __future__ import annotations

from django.db import models

SCORE_MIN, SCORE_MAX = 0, 3
SCORE_LABELS = {3: "Superior", 2: "Strong", 1: "Limited", 0: "Very weak / none"}


class Rubric(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    jurisdiction = models.CharField(max_length=50, blank=True, help_text="Blank: any state")
    description = models.TextField(blank=True)
    source_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    """One rubric of a set (Achieve calls each of I–VIII a rubric): scored 0–3 or N/A."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(max_length=10, help_text="I, II, … as printed")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_criterion_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
