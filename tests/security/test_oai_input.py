"""The /oai provider answers bad arguments with OAI-PMH errors, never a 500, and writes
well-formed XML whatever characters the stored text holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from lxml import etree

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.oai.protocol import material_identifier
from catalog.xmltext import xml_text

pytestmark = pytest.mark.django_db
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
}
PREFIX = "oai:oer-registry:material/"
# PostgreSQL text cannot hold NUL at all (the database refuses it); SQLite stores it.
DIRTY = ("" if connection.vendor == "postgresql" else "\x00") + "\x0b\x1f\ufffe"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def material(db):
    result = material_upsert(
        "oai-input-test",
        MaterialRecord(
            remote_id="r1",
            title="Fractions",
            url="https://example.org/1",
            description="Plain",
            authors=("Ada",),
            keywords=("maths",),
        ),
    )
    return Material.objects.get(pk=result.material_id)


def oai(client, method="get", **params):
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)  # raises unless well-formed


def error_code(root):
    codes = root.xpath("o:error/@code", namespaces=NS)
    return codes[0] if codes else None


@pytest.mark.parametrize(
    "params",
    [
        {"verb": "\x00"},
        {"verb": "Identify\x00"},
        {"verb": "Identify", "x\x00": "y"},
        {"verb": "Identify", "\x1f": ""},
        {"verb": "ListRecords", "metadataPrefix": "\x00"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc\x0b"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "list-\x00"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01\x00"},
        {"verb": "ListRecords", "resumptionToken": "\x00"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "\x00"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": PREFIX + "1\x00"},
        {"verb": "ListMetadataFormats", "identifier": PREFIX + "\ufffe"},
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_control_characters_in_arguments_are_bad_arguments(client, material, params, method):
    root = oai(client, method, **params)
    assert error_code(root) in {"badArgument", "badVerb"}
    message = root.findtext("o:error", namespaces=NS)
    assert message and "\x00" not in message


@pytest.mark.parametrize("method", ["get", "post"])
def test_too_many_arguments_is_a_bad_argument(client, material, method):
    params = {"verb": "Identify", **{f"p{i}": "1" for i in range(1_100)}}
    root = oai(client, method, **params)
    assert error_code(root) == "badArgument"
    assert "More than 1000 arguments" in root.findtext("o:error", namespaces=NS)


@pytest.mark.parametrize(
    "identifier",
    [
        PREFIX + "²",  # superscript two: str.isdigit() says yes
        PREFIX + "١",  # Arabic-Indic one: int() accepts it
        PREFIX + "１",  # fullwidth one
        PREFIX + "+1",
        PREFIX + "-1",
        PREFIX + " 1",
        PREFIX + "1 ",
        PREFIX + "1_0",
        PREFIX + "0",
        PREFIX + "99999999999999999999999999",
        PREFIX + "1" * 5000,
        PREFIX,
        "material/1",
        "oai:other:material/1",
    ],
)
@pytest.mark.parametrize("verb", ["GetRecord", "ListMetadataFormats"])
def test_identifiers_that_are_not_ascii_ids_do_not_exist(client, material, identifier, verb):
    params = {"verb": verb, "identifier": identifier}
    if verb == "GetRecord":
        params["metadataPrefix"] = "oai_dc"
    root = oai(client, **params)
    assert error_code(root) == "idDoesNotExist"


def test_a_real_identifier_still_works(client, material):
    identifier = material_identifier(material.pk)
    root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    assert error_code(root) is None
    assert root.xpath("//dc:title/text()", namespaces=NS) == ["Fractions"]


@pytest.fixture
def dirty(material):
    """Stored text holding characters XML 1.0 forbids, as any source or a curator might."""
    Material.objects.filter(pk=material.pk).update(
        title=f"Frac{DIRTY}tions",
        description=f"Numbers{DIRTY} on a line",
        authors=[f"A{DIRTY}da"],
        keywords=[f"ma{DIRTY}ths"],
        publisher=f"Pub{DIRTY}",
        license_raw=f"CC{DIRTY} BY",
        overrides={},
    )
    return Material.objects.get(pk=material.pk)


@pytest.mark.parametrize("prefix", ["oai_dc", "lom"])
def test_get_record_with_control_characters_is_well_formed(client, dirty, prefix):
    root = oai(
        client, verb="GetRecord", metadataPrefix=prefix, identifier=material_identifier(dirty.pk)
    )
    assert error_code(root) is None
    text = " ".join(root.itertext())
    assert "Fractions" in text and "Numbers on a line" in text and "maths" in text
    assert not any(ch in text for ch in DIRTY)


@pytest.mark.parametrize("prefix", ["oai_dc", "lom"])
def test_list_records_with_control_characters_is_well_formed(client, dirty, prefix):
    root = oai(client, verb="ListRecords", metadataPrefix=prefix)
    assert error_code(root) is None
    if prefix == "oai_dc":
        assert root.xpath("//dc:title/text()", namespaces=NS) == ["Fractions"]
        assert root.xpath("//dc:creator/text()", namespaces=NS) == ["Ada"]
        assert root.xpath("//dc:description/text()", namespaces=NS) == ["Numbers on a line"]
    else:
        assert root.xpath("//lom:general/lom:title/lom:string/text()", namespaces=NS) == [
            "Fractions"
        ]


def test_curator_overrides_with_control_characters_are_well_formed(client, material):
    Material.objects.filter(pk=material.pk).update(overrides={"title": f"Over{DIRTY}ride"})
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert root.xpath("//dc:title/text()", namespaces=NS) == ["Override"]


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("a\x00b\x0bc\x1fd\ufffee\uffff", "abcde"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn\r"),
        ("é ✓ 𝄞 \ue000 \ufffd", "é ✓ 𝄞 \ue000 \ufffd"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        (42, "42"),
    ],
)
def test_xml_text_keeps_everything_xml_allows(raw, clean):
    assert xml_text(raw) == clean
