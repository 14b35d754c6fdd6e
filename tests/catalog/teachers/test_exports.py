"""Collection exports read as words (grades, subjects) and carry each material's TASL."""

import csv
import io

import pytest

from catalog.materials.models import Material
from catalog.teachers import services

pytestmark = pytest.mark.django_db


def test_collection_csv_labels_grades_and_subjects_and_attributes(ana, teacher, real):
    material = real["by-sa"]
    Material.objects.filter(pk=material.pk).update(
        grades=["3", "4", "5", "graduate-professional"],
        subjects=["u-s-history", "english-language-arts"],
    )
    material.refresh_from_db()
    c = services.collection_create(teacher, title="Unit")
    services.collection_add_material(c, material)
    body = ana.get(f"/collections/{c.token}/export.csv").content.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["grades"] == "Grade 3 – Graduate / professional"
    assert row["subjects"] == "U.S. History; English Language Arts (ELA)"
    assert row["attribution"].startswith(f'"{material.title}"')
    assert f"from {material.provider}," in row["attribution"]
    assert (
        "is licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
        in (row["attribution"])
    )
