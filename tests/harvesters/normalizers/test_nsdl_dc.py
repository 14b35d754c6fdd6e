"""``nsdl_dc`` normalizer on the real NSDL records the Learning Registry carried."""

import json
import re

import pytest

from harvesters.normalizers import nsdl_dc
from harvesters.normalizers.errors import NormalizeError
from harvesters.normalizers.registry import normalizer_for

NSDL = "oer-metadata/learning-registry-nsdl/nsdl_dc-data-000000000.json"


def as_oai_record(metadata: str, identifier: str = "oai:nsdl.org:test") -> bytes:
    return (
        '<record xmlns="http://www.openarchives.org/OAI/2.0/"><header>'
        f"<identifier>{identifier}</identifier><datestamp>2011-01-01</datestamp></header>"
        f"<metadata>{metadata.strip()}</metadata></record>"
    ).encode()


@pytest.fixture(scope="module")
def envelopes(shared_data):
    return json.loads((shared_data / NSDL).read_text("utf-8"))["documents"]


def test_every_record_keeps_exactly_its_asn_links(envelopes):
    total = 0
    for n, envelope in enumerate(envelopes):
        xml = envelope["resource_data"]
        in_file = re.findall(r"<dct:conformsTo[^>]*>\s*([^<\s]+)\s*</dct:conformsTo>", xml)
        record = normalizer_for("nsdl_dc")(as_oai_record(xml, f"oai:nsdl.org:{n}"))
        assert [a.target for a in record.alignments] == in_file, envelope["resource_locator"]
        assert all(a.alignment_type == "teaches" for a in record.alignments)
        assert record.url == envelope["resource_locator"]
        total += len(record.alignments)
    assert len(envelopes) == 100 and total == 534


def test_first_record_fields(envelopes):
    record = nsdl_dc.normalize(as_oai_record(envelopes[0]["resource_data"]))
    assert record.title == "Simultaneous Linear Equations"
    assert record.url == "http://www.themathpage.com/alg/simultaneous-equations.htm"
    assert "hdl:2200/20100723162514135t" in record.identifiers
    assert record.subjects[:3] == ("Algebra", "Equations", "Linear")
    assert record.grades == ("6", "7", "8", "9", "10", "11", "12")  # Middle, Grade 8, High
    assert record.license_raw == "Copyright 2001-2010 Lawrence Spector"
    assert record.alignments[0].target == "http://purl.org/ASN/resources/S1143664"


def test_creative_commons_rights_uri_is_the_licence(envelopes):
    cc = [
        nsdl_dc.normalize(as_oai_record(e["resource_data"]))
        for e in envelopes
        if "creativecommons.org/licenses/by-nc/3.0" in e["resource_data"]
    ]
    assert len(cc) == 26
    assert {r.license_raw for r in cc} == {"http://creativecommons.org/licenses/by-nc/3.0/"}


def test_every_record_gets_a_k12_grade(envelopes):
    records = [nsdl_dc.normalize(as_oai_record(e["resource_data"])) for e in envelopes]
    assert all(r.grades for r in records)


@pytest.mark.parametrize(
    ("levels", "grades"),
    [
        (["Elementary School"], ("K", "1", "2", "3", "4", "5")),
        (["Early Elementary"], ("K", "1", "2")),
        (["Upper Elementary", "Grade 6"], ("3", "4", "5", "6")),
        (["High School Programming"], ("9", "10", "11", "12")),
        (["Kindergarten", "Grade 1"], ("K", "1")),
        (["Undergraduate (Lower Division)"], ("community-college",)),
        (["Informal Education", "Vocational/Professional Development Education"], ()),
    ],
)
def test_nsdl_education_levels(levels, grades):
    assert nsdl_dc.education_grades(levels) == grades


def test_a_script_link_rejects_the_record():
    xml = (
        '<nsdl_dc:nsdl_dc xmlns:nsdl_dc="http://ns.nsdl.org/nsdl_dc_v1.02/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/">'
        "<dc:title>T</dc:title><dc:identifier>javascript:alert(1)</dc:identifier>"
        "<dct:conformsTo>javascript:alert(2)</dct:conformsTo></nsdl_dc:nsdl_dc>"
    )
    with pytest.raises(NormalizeError):
        nsdl_dc.normalize(as_oai_record(xml))


def test_non_web_conforms_to_is_dropped():
    xml = (
        '<nsdl_dc:nsdl_dc xmlns:nsdl_dc="http://ns.nsdl.org/nsdl_dc_v1.02/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/">'
        "<dc:title>T</dc:title><dct:conformsTo>javascript:alert(2)</dct:conformsTo>"
        "<dct:conformsTo>http://purl.org/ASN/resources/S1143664</dct:conformsTo>"
        "</nsdl_dc:nsdl_dc>"
    )
    record = nsdl_dc.normalize(as_oai_record(xml))
    assert [a.target for a in record.alignments] == ["http://purl.org/ASN/resources/S1143664"]
