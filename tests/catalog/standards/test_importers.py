"""Parsers on the real files: pure, no database."""

import json
from collections import Counter

import pytest

from catalog.standards.importers import asn_json, asn_rdfxml, case, ccssi
from catalog.standards.importers.base import StandardsImportError
from catalog.standards.importers.sources import parse_bytes

from .conftest import ASN_FULL, CASE_DEMO, CASE_MATH, CCSSI, NGSS_XML


def _parse(path):
    return parse_bytes(path.read_bytes(), str(path))


def test_case_math_package_has_703_items_with_their_parents(standards_dir):
    parsed = _parse(standards_dir / CASE_MATH)
    assert parsed.source_format == case.FORMAT
    assert len(parsed.items) == 703
    types = Counter(i.item_type for i in parsed.items)
    assert types == {"Standard": 393, "Cluster": 147, "Component": 124, "Domain": 33, "": 6}
    by_id = {i.identifier: i for i in parsed.items}
    standard = next(
        i for i in parsed.items if i.human_coding_scheme == "CCSS.Math.Content.3.NF.A.1"
    )
    cluster = by_id[standard.parent]
    assert cluster.human_coding_scheme == "CCSS.Math.Content.3.NF.A"
    assert by_id[cluster.parent].item_type == "Domain"
    # isChildOf became the tree; every item but the roots has a parent in the file.
    roots = [i for i in parsed.items if not i.parent]
    assert all(i.parent in by_id for i in parsed.items if i.parent)
    assert len(roots) < 40
    assert parsed.associations == []
    # Older OpenSALT names: educationalLevel, subjectURL.
    assert standard.education_levels == ["03"]
    assert parsed.subject == "Math"
    assert parsed.ccss_subject == "math"


def test_case_cross_framework_associations_are_kept(standards_dir):
    parsed = _parse(standards_dir / CASE_DEMO)
    kinds = Counter(a.association_type for a in parsed.associations)
    assert kinds == {"exactMatchOf": 16, "precedes": 3, "exemplar": 2, "isRelatedTo": 2}
    assert len(parsed.items) == 16
    assert parsed.adoption_status == "Draft"


@pytest.mark.parametrize(
    ("name", "statements"),
    [
        ("DC-arts.json", 1506),
        ("DC-english.json", 790),
        ("DC-history.json", 1296),
        ("DC-math.json", 537),
        ("DC-science.json", 1036),
        ("MD-english.json", 73),
        ("MD-history.json", 1210),
        ("MD-math.json", 1269),
        ("MD-reading.json", 1501),
        ("MD-science.json", 808),
        ("CC-Math.json", 692),
        ("MD-highschool-learning.json", 34),
    ],
)
def test_asn_json_documents_give_their_statement_counts(standards_dir, name, statements):
    parsed = _parse(standards_dir / ASN_FULL / name)
    assert len(parsed.items) == statements
    assert not parsed.warnings
    ids = {i.identifier for i in parsed.items}
    assert all(i.parent in ids for i in parsed.items if i.parent)


def test_asn_rdf_json_document_metadata(standards_dir):
    parsed = _parse(standards_dir / ASN_FULL / "MD-science.json")
    assert parsed.source_format == asn_json.GRAPH_FORMAT
    assert parsed.jurisdiction == "MD"
    assert parsed.license == "http://creativecommons.org/licenses/by/3.0/us/"
    assert parsed.title == "Voluntary State Curriculum for Science"


def test_asn_tree_shape(standards_dir):
    parsed = _parse(standards_dir / ASN_FULL / "MD-highschool-learning.json")
    assert parsed.source_format == asn_json.TREE_FORMAT
    roots = [i for i in parsed.items if not i.parent]
    assert len(roots) == 3
    assert "&lt;" not in roots[0].statement


def test_ngss_rdfxml_has_932_align_to_links_to_common_core(standards_dir):
    parsed = _parse(standards_dir / NGSS_XML)
    assert parsed.source_format == asn_rdfxml.FORMAT
    assert len(parsed.items) == 1009
    links = [a for a in parsed.associations if a.association_type == "alignTo"]
    assert len(links) == 932
    hosts = Counter(a.destination.split("/")[2] for a in links)
    assert hosts == {"corestandards.org": 930, "www.corestandards.org": 2}
    assert parsed.jurisdiction == "NGSS"


def test_rdfxml_parser_does_not_expand_entities(tmp_path):
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:asn="http://purl.org/ASN/schema/core/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<asn:StandardDocument rdf:about="http://x/D1"><dc:title>&e;</dc:title>'
        b"</asn:StandardDocument></rdf:RDF>"
    )
    parsed = asn_rdfxml.parse(evil, "evil.xml")
    assert "root:" not in parsed.title


def test_ccssi_identifiers_with_the_2010_mapping(standards_dir):
    parsed = _parse(standards_dir / CCSSI)
    assert parsed.source_format == ccssi.FORMAT
    assert len(parsed.items) == 1844
    item = next(i for i in parsed.items if i.human_coding_scheme == "CCSS.Math.Content.3.NF.A.1")
    parent = next(i for i in parsed.items if i.identifier == item.parent)
    assert parent.human_coding_scheme == "CCSS.Math.Content.3.NF.A"
    codes = dict(item.extra_codes)
    assert codes["ccss_guid"] == item.identifier.lower()
    assert "http://corestandards.org/2010/math/content/3/NF/1" in [c for _, c in item.extra_codes]


def test_broken_json_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"CFDocument": {"identifier": ')
    with pytest.raises(StandardsImportError, match="broken.json: not valid JSON"):
        parse_bytes(path.read_bytes(), str(path))


def test_item_without_identifier_names_file_and_item(standards_dir, tmp_path):
    data = json.loads((standards_dir / CASE_MATH).read_text())
    del data["CFItems"][10]["identifier"]
    code = data["CFItems"][10].get("humanCodingScheme") or "CFItems[10]"
    with pytest.raises(StandardsImportError) as error:
        case.parse(data, "math.json")
    assert "math.json" in str(error.value) and code in str(error.value)


def test_duplicate_identifiers_fail(standards_dir):
    data = json.loads((standards_dir / CASE_MATH).read_text())
    data["CFItems"].append(dict(data["CFItems"][5]))
    with pytest.raises(StandardsImportError, match="duplicate CFItem identifier"):
        case.parse(data, "math.json")
