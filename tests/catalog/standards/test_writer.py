"""Storing frameworks: counts, idempotence, retirement, atomic failure — on the real files."""

import json

import pytest

from catalog.standards.importers.base import StandardsImportError
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Association, Framework, StandardCode, StandardItem

from .conftest import ASN_FULL, CASE_MATH, CCSSI, NGSS_XML

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Framework.objects.values_list("identifier", "title", "updated_at").order_by("pk")),
        # last_imported_at is bookkeeping and moves on every run
        list(
            StandardItem.objects.values_list(
                "pk", "identifier", "statement", "parent_id", "retired", "updated_at"
            ).order_by("pk")
        ),
        StandardCode.objects.count(),
        list(Association.objects.values_list("pk", "destination_id").order_by("pk")),
    )


def test_case_math_package_imports_703_items_with_the_right_parents(import_standards):
    [report] = import_standards(CASE_MATH)
    assert (report.items, report.created, report.updated, report.retired) == (703, 703, 0, 0)
    framework = Framework.objects.get(identifier="http://purl.org/ASN/resources/D10003FB")
    assert framework.items.count() == 703
    standard = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    assert standard.parent.human_coding_scheme == "CCSS.Math.Content.3.NF.A"
    assert standard.parent.parent.item_type == "Domain"
    assert standard.depth == standard.parent.depth + 1
    component = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.3a")
    assert component.parent.human_coding_scheme == "CCSS.Math.Content.3.NF.A.3"


def test_reimporting_the_same_files_changes_nothing(import_standards):
    import_standards(CASE_MATH, CCSSI, NGSS_XML)
    before = _snapshot()
    reports = import_standards(CASE_MATH, CCSSI, NGSS_XML)
    assert [(r.created, r.updated, r.retired) for r in reports] == [(0, 0, 0)] * 3
    assert [r.unchanged for r in reports] == [703, 1844, 1009]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "statements"),
    [
        ("DC-math.json", 537),
        ("DC-science.json", 1036),
        ("MD-english.json", 73),
        ("MD-science.json", 808),
        ("MD-highschool-learning.json", 34),
    ],
)
def test_asn_documents_import_with_their_statement_counts(import_standards, name, statements):
    [report] = import_standards(f"{ASN_FULL}/{name}")
    assert report.created == statements
    assert StandardItem.objects.filter(framework__identifier=report.identifier).count() == (
        statements
    )


def test_ngss_gives_932_links_to_common_core_resolved_through_the_official_identifiers(
    import_standards,
):
    import_standards(CCSSI, NGSS_XML)
    links = Association.objects.filter(association_type="alignTo")
    assert links.count() == 932
    resolved = links.filter(destination__isnull=False)
    assert resolved.count() >= 925
    assert set(resolved.values_list("destination__framework__identifier", flat=True)) == {
        "http://corestandards.org/"
    }


def test_links_resolve_when_the_target_framework_arrives_later(import_standards):
    import_standards(NGSS_XML)
    assert not Association.objects.filter(destination__isnull=False).exists()
    import_standards(CCSSI)
    assert Association.objects.filter(destination__isnull=False).count() >= 925


def test_items_missing_from_an_update_are_retired_then_revived(standards_dir, tmp_path):
    data = json.loads((standards_dir / CASE_MATH).read_text())
    path = tmp_path / "math.json"
    path.write_text(json.dumps(data))
    standards_import([str(path)])
    dropped = data["CFItems"].pop(200)
    data["CFItems"][0]["fullStatement"] = "Standards for Mathematical Practice (revised)"
    path.write_text(json.dumps(data))
    [report], _ = standards_import([str(path)])
    assert (report.created, report.updated, report.retired) == (0, 1, 1)
    gone = StandardItem.objects.get(identifier=dropped["identifier"])
    assert gone.retired
    data["CFItems"].append(dropped)
    path.write_text(json.dumps(data))
    [report], _ = standards_import([str(path)])
    assert (report.created, report.updated, report.retired) == (0, 1, 0)
    gone.refresh_from_db()
    assert not gone.retired


def test_replaced_by_is_followed(standards_dir, tmp_path):
    data = json.loads((standards_dir / CASE_MATH).read_text())
    old, new = data["CFItems"][300], data["CFItems"][301]
    data["CFAssociations"].append(
        {
            "identifier": "replaced-1",
            "associationType": "replacedBy",
            "originNodeURI": {"identifier": old["identifier"]},
            "destinationNodeURI": {"identifier": new["identifier"]},
        }
    )
    path = tmp_path / "math.json"
    path.write_text(json.dumps(data))
    standards_import([str(path)])
    item = StandardItem.objects.get(identifier=old["identifier"])
    assert item.replaced_by.identifier == new["identifier"]


def _malformed(standards_dir, tmp_path, how):
    data = json.loads((standards_dir / CASE_MATH).read_text())
    items = data["CFItems"]
    if how == "cycle":
        a, b = items[100]["identifier"], items[101]["identifier"]
        for assoc in data["CFAssociations"]:
            if assoc["originNodeIdentifier"] == a:
                assoc["destinationNodeIdentifier"] = b
                assoc["destinationNodeURI"]["identifier"] = b
            if assoc["originNodeIdentifier"] == b:
                assoc["destinationNodeIdentifier"] = a
                assoc["destinationNodeURI"]["identifier"] = a
        return data, f"{a} → {b}", "cycle in parents"
    if how == "duplicate":
        items.append(dict(items[7]))
        return data, items[7]["identifier"], "duplicate"
    if how == "missing":
        del items[42]["identifier"]
        return data, items[42].get("humanCodingScheme", "CFItems[42]"), "no identifier"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["cycle", "duplicate", "missing", "broken"])
def test_malformed_files_fail_naming_file_and_item_and_change_nothing(
    standards_dir, tmp_path, import_standards, how
):
    import_standards(f"{ASN_FULL}/MD-english.json")
    before = _snapshot()
    path = tmp_path / f"{how}.json"
    if how == "broken":
        path.write_text((standards_dir / CASE_MATH).read_text()[:5000])
        item, message = "", "not valid JSON"
    else:
        data, item, message = _malformed(standards_dir, tmp_path, how)
        path.write_text(json.dumps(data))
    good = str(standards_dir / f"{ASN_FULL}/MD-highschool-learning.json")
    with pytest.raises(StandardsImportError) as error:
        standards_import([good, str(path)])  # the good file before it is rolled back too
    text = str(error.value)
    assert str(path) in text and message in text
    assert item in text
    assert _snapshot() == before
    assert not Framework.objects.filter(title="MD-highschool-learning").exists()
