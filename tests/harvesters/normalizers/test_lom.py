"""The IEEE LOM normalizer on LOM records built from the real OER Commons rows."""

import csv

import pytest
from lxml import etree
from lxml.builder import ElementMaker

from harvesters.normalizers.errors import NormalizeError
from harvesters.normalizers.lom import normalize
from harvesters.normalizers.text import html_to_text
from harvesters.testing.lom_builder import LOM, lom_record, split, xml_safe


@pytest.fixture(scope="module")
def rows(shared_data):
    path = shared_data / "oer-metadata" / "oer-commons" / "oer_commons_clean.csv"
    with path.open(encoding="utf-8") as fh:
        found = [
            xml_safe({k: v for k, v in r.items() if k}) for r in csv.DictReader(fh, delimiter=";")
        ]
    return [r for r in found if r["NAME"].strip() and r["URL"].strip()][:400]


def test_every_field_comes_through(rows):
    for i, row in enumerate(rows):
        payload = etree.tostring(lom_record(row, f"oai:oercommons:{i}", "2026-11-20"))
        record = normalize(payload)
        assert record.remote_id == f"oai:oercommons:{i}"
        assert record.title == html_to_text(row["NAME"])
        assert record.url == row["URL"].strip()
        assert list(record.subjects) == list(dict.fromkeys(split(row["SUBJECTS"])))
        assert list(record.keywords) == list(dict.fromkeys(split(row["KEYWORDS"])))
        assert list(record.resource_types) == list(dict.fromkeys(split(row["MATERIAL_TYPES"])))
        assert set(record.grades) == set(split(row["GRADE_SUBLEVELS"]))
        license_text = row["LICENSE_URL"] or row["LICENSE_TITLE"]
        assert record.license_raw == license_text.strip()
        provider = row["PROVIDER"] or row["PROVIDER_SET"] or "OER Commons"
        assert record.publisher == provider.strip()


def test_standards_in_classification_become_alignments_and_extensions_are_ignored():
    e = ElementMaker(namespace=LOM, nsmap={None: LOM})
    x = ElementMaker(namespace="urn:example:ext", nsmap={"x": "urn:example:ext"})
    lom = e.lom(
        e.general(
            e.identifier(e.catalog("URI"), e.entry("https://example.org/fractions")),
            e.title(e.string("Fractions on a number line")),
            x.title("not LOM"),
        ),
        e.technical(e.location("https://example.org/fractions")),
        e.classification(
            e.purpose(e.source("LOMv1.0"), e.value("educational objective")),
            e.taxonPath(
                e.source(e.string("Common Core State Standards for Mathematics")),
                e.taxon(e.id("CCSS.Math.Content.3.NF.A.2"), e.entry(e.string("3.NF.A.2"))),
            ),
        ),
    )
    record = normalize(etree.tostring(lom))
    assert record.title == "Fractions on a number line"
    assert record.remote_id == "https://example.org/fractions"
    assert [(a.target, a.framework) for a in record.alignments] == [
        ("CCSS.Math.Content.3.NF.A.2", "Common Core State Standards for Mathematics")
    ]


def test_a_record_without_a_title_is_a_normalize_error():
    e = ElementMaker(namespace=LOM, nsmap={None: LOM})
    with pytest.raises(NormalizeError, match="title"):
        normalize(etree.tostring(e.lom(e.general(e.identifier(e.entry("x:1"))))))
