"""A state loads its own rubric from a JSON file (same shape as the shipped Achieve file)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from ..models import Rubric, RubricCriterion
from ..rubric_data import load_rubric_file


@transaction.atomic
def rubric_load(path: Path) -> Rubric:
    return load_rubric_file(path, Rubric, RubricCriterion)
