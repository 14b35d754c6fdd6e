import csv

import pytest

from catalog.materials.models import Material
from harvesters.demo import DEMO_CSV, demo_catalog_load
from harvesters.normalizers.oer_commons_csv import normalize_row


def test_demo_fixture_is_small_and_real(shared_data):
    assert DEMO_CSV.stat().st_size < 2_100_000
    with (
        DEMO_CSV.open(encoding="utf-8") as fixture,
        (shared_data / "oer-metadata/oer-commons/oer_commons_clean.csv").open(
            encoding="utf-8"
        ) as original,
    ):
        fixture_urls = [r["URL"] for r in csv.DictReader(fixture, delimiter=";")]
        original_urls = [r["URL"] for r in csv.DictReader(original, delimiter=";")]
    assert fixture_urls == original_urls


def test_normalize_row_reads_real_oer_commons_fields():
    with DEMO_CSV.open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle, delimiter=";"))
    record = normalize_row(row)
    assert record.title == "Leveraging Virtual Reality in a School Library"
    assert record.description.startswith("The module asks students to think beyond")
    assert "&nbsp;" not in record.description and "<p>" not in record.description
    assert record.keywords == ("Gaming", "Hologram", "Virtual Reality")
    assert record.license_raw == "http://creativecommons.org/licenses/by-sa/4.0/"
    assert record.date_created.year == 2016


@pytest.mark.django_db
def test_demo_catalog_loads_every_distinct_record_once():
    counts = demo_catalog_load()
    assert counts["created"] == Material.objects.count()
    with DEMO_CSV.open(encoding="utf-8") as handle:
        urls = {r["URL"] for r in csv.DictReader(handle, delimiter=";") if r["NAME"].strip()}
    assert Material.objects.count() == len(urls)
    again = demo_catalog_load()
    assert again["created"] == 0 and again["updated"] == 0
