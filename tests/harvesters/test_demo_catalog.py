import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from catalog.materials.models import Material
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Alignment
from harvesters.demo import DEMO_CSV, DEMO_SOURCE_KEY, demo_catalog_load, demo_sources
from harvesters.models import HarvestSource
from harvesters.normalizers.oer_commons_csv import normalize_row

CCSS_MATH_ASN = "standards/asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml"


def _make_demo_fixture():
    path = Path(__file__).resolve().parents[2] / "scripts" / "make_demo_fixture.py"
    spec = importlib.util.spec_from_file_location("make_demo_fixture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# OER Commons' own QA and placeholder records in the export (looked up by hand).
TEST_RECORDS = {
    "QA4U 403 Test Lesson",
    "QA4U 403 Test Lesson (re-mix)",
    "QA4U -- Bandes dessinées francophones",
    "Sample resource",
    "Sample Remix: Digital Survival Skills Module 1",
    "Ivan_Na_Divan RESOURCE title",
}


def test_demo_fixture_is_small_and_real_without_test_records(shared_data):
    assert DEMO_CSV.stat().st_size < 2_100_000
    with (
        DEMO_CSV.open(encoding="utf-8") as fixture,
        (shared_data / "oer-metadata/oer-commons/oer_commons_clean.csv").open(
            encoding="utf-8"
        ) as original,
    ):
        fixture_rows = list(csv.DictReader(fixture, delimiter=";"))
        original_rows = list(csv.DictReader(original, delimiter=";"))
    assert [r["URL"] for r in fixture_rows] == [
        r["URL"] for r in original_rows if r["NAME"] not in TEST_RECORDS
    ]
    dropped = [r["NAME"] for r in original_rows if _make_demo_fixture().is_test_record(r)]
    assert set(dropped) == TEST_RECORDS and len(dropped) == 7


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
    only_csv = [s for s in demo_sources() if s.key == DEMO_SOURCE_KEY]
    counts, _ = demo_catalog_load(only_csv)[DEMO_SOURCE_KEY]
    assert counts["created"] == Material.objects.count()
    with DEMO_CSV.open(encoding="utf-8") as handle:
        urls = {r["URL"] for r in csv.DictReader(handle, delimiter=";") if r["NAME"].strip()}
    assert Material.objects.count() == len(urls)
    again, _ = demo_catalog_load(only_csv)[DEMO_SOURCE_KEY]
    assert again["created"] == 0 and again["updated"] == 0


@pytest.mark.django_db
def test_k12_demo_catalog_through_real_harvester_types(shared_data):
    standards_import([str(shared_data / CCSS_MATH_ASN)])
    results = demo_catalog_load()
    assert list(results) == [DEMO_SOURCE_KEY, "phet-demo", "nsdl-demo", "openstax-demo"]
    types = dict(HarvestSource.objects.values_list("name", "type"))
    assert types == {
        DEMO_SOURCE_KEY: "csv",
        "phet-demo": "json-api",
        "nsdl-demo": "oai-pmh",
        "openstax-demo": "json-api",
    }
    by_source = Counter(Material.objects.values_list("source_key", flat=True))
    assert by_source["phet-demo"] == 119 and by_source["nsdl-demo"] == 100
    assert by_source["openstax-demo"] == 131
    assert "534 alignments, 0 unresolved" in results["nsdl-demo"][1]
    assert "594 alignments" in results["phet-demo"][1]
    harvested = Alignment.objects.filter(origin="harvested")
    assert harvested.count() == 594 + 534
    titles = list(Material.objects.values_list("title", flat=True))
    assert not [t for t in titles if re.search(r"QA4U|test lesson", t, re.I)]
    assert not TEST_RECORDS.intersection(titles)
    again = demo_catalog_load()
    assert all(counts["created"] == counts["updated"] == 0 for counts, _ in again.values())


@pytest.mark.django_db
def test_demo_sources_without_their_file_are_skipped(tmp_path):
    results = demo_catalog_load([s for s in demo_sources(tmp_path) if s.key == "phet-demo"])
    counts, message = results["phet-demo"]
    assert not counts and message.startswith("skipped:")
    assert not HarvestSource.objects.exists()


@pytest.mark.django_db
def test_nsdl_records_without_an_open_licence_are_kept_flagged_and_kept_off_lists(licenses):
    """The licence policy on the demo's NSDL records: a record whose rights statement is no
    open licence ("Copyright 2009 …", "Free access") stays in the catalog, but read-only, with
    its unrecognised strings in the curators' licence review queue, and no list takes it."""
    from catalog.licenses import rules
    from catalog.licenses.selectors import unresolved_license_strings
    from catalog.lists import compat
    from catalog.pages.models import open_license_ids

    demo_catalog_load([s for s in demo_sources() if s.key == "nsdl-demo"])
    nsdl = list(Material.objects.filter(source_key="nsdl-demo").select_related("license"))
    closed = [m for m in nsdl if not compat.is_open(m.license)]
    assert len(nsdl) == 100 and len(closed) == 74
    assert all(m.status == "active" for m in closed)
    assert {rules.bucket(m.license) for m in closed} == {"read-only"}
    unresolved = {u.raw: u.materials for u in unresolved_license_strings()}
    assert unresolved.get("Free access") == 16
    assert sum(unresolved.values()) == sum(m.license is None for m in closed)
    open_ids = set(open_license_ids())
    assert not [m for m in closed if m.license_id in open_ids]
