"""List exports show words, not stored codes, and the full TASL attribution of each entry."""

import csv
import io

import pytest

from catalog.lists.exports import attribution_text
from catalog.lists.services.versions import list_publish
from catalog.materials.models import Material

from .flow import approve

pytestmark = pytest.mark.django_db


def test_csv_export_labels_values_and_gives_the_attribution(
    client, curator, reviewer, reviewer2, list_page, materials
):
    material = materials["by"]
    Material.objects.filter(pk=material.pk).update(
        grades=["03", "4", "5"], subjects=["u-s-history", "environmental-science"], language="en"
    )
    material.refresh_from_db()
    approve(curator, [reviewer, reviewer2], list_page, material)
    list_publish(curator, list_page)
    body = client.get(f"{list_page.url}export/csv/").content.decode("utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["Title"] == material.title)
    assert row["Subjects"] == "U.S. History; Environmental science"
    assert row["Grades"] == "Grades 3–5" and row["Language"] == "English"
    assert row["Attribution"].startswith(f'"{material.title}"')
    assert row["Attribution"].endswith(
        "is licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )


def test_attribution_names_authors_and_source():
    row = {
        "title": "Fractions",
        "authors": ["Ada Lovelace"],
        "url": "https://example.org/fractions",
        "publisher": "Example Press",
        "license_key": "CC-BY-SA-4.0",
        "license_name": "CC BY-SA 4.0",
        "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    assert attribution_text(row) == (
        '"Fractions" by Ada Lovelace (https://example.org/fractions), from Example Press, '
        "is licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
    )
