"""The /oai data provider, request by request: verbs, formats, sets, dates, tokens, deleted
records, and every protocol error code."""

import datetime as dt

import pytest
from lxml import etree

from catalog.lists.services.entries import entry_remove
from catalog.lists.services.versions import list_publish
from catalog.materials.models import Material
from catalog.materials.services import material_withdraw
from catalog.oai.protocol import material_identifier
from tests.catalog.lists.flow import approve

pytestmark = pytest.mark.django_db
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
}


def oai(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_code(root):
    errors = root.xpath("o:error/@code", namespaces=NS)
    return errors[0] if errors else None


@pytest.fixture
def published(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"])
    approve(curator, [reviewer], list_page, materials["by-sa"])
    list_publish(curator, list_page)
    return list_page


def test_identify(client, materials):
    root = oai(client, verb="Identify")
    assert root.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert root.findtext("o:Identify/o:deletedRecord", namespaces=NS) == "persistent"
    assert root.findtext("o:Identify/o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_records_in_both_formats(client, materials):
    dc = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    records = dc.xpath("//o:record", namespaces=NS)
    assert len(records) == Material.objects.count() == 4
    titles = set(dc.xpath("//dc:title/text()", namespaces=NS))
    assert materials["by"].title in titles
    rights = dc.xpath("//dc:rights/text()", namespaces=NS)
    assert "https://creativecommons.org/licenses/by/4.0/" in rights
    lom = oai(client, verb="ListRecords", metadataPrefix="lom")
    locations = lom.xpath("//lom:technical/lom:location/text()", namespaces=NS)
    assert materials["by"].url in locations


def test_get_record_and_metadata_formats(client, materials):
    identifier = material_identifier(materials["by"].pk)
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="lom")
    assert root.findtext(".//o:header/o:identifier", namespaces=NS) == identifier
    assert root.xpath("//lom:general/lom:title/lom:string/text()", namespaces=NS) == [
        materials["by"].title
    ]
    formats = oai(client, verb="ListMetadataFormats", identifier=identifier)
    assert formats.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lom"]


def test_resumption_tokens_page_through_everything(client, materials, settings):
    settings.OER_OAI_PAGE_SIZE = 3
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "4" and token.get("cursor") == "0"
    second = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
    last = second.find(".//o:resumptionToken", NS)
    assert last.text is None and last.get("cursor") == "3"
    ids = first.xpath("//o:identifier/text()", namespaces=NS) + second.xpath(
        "//o:identifier/text()", namespaces=NS
    )
    assert sorted(ids) == sorted(material_identifier(m.pk) for m in Material.objects.all())


def test_sets_are_published_lists_with_persistent_deletions(client, curator, published, materials):
    sets = oai(client, verb="ListSets")
    assert sets.xpath("//o:setSpec/text()", namespaces=NS) == ["list-math-3-5"]
    in_set = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="list-math-3-5")
    assert sorted(in_set.xpath("//o:identifier/text()", namespaces=NS)) == sorted(
        [material_identifier(materials["by"].pk), material_identifier(materials["by-sa"].pk)]
    )
    # Removed from the list: still in the set, as a deleted record.
    entry_remove(curator, published.entries.get(material=materials["by-sa"]))
    list_publish(curator, published)
    again = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="list-math-3-5")
    deleted = again.xpath("//o:header[@status='deleted']/o:identifier/text()", namespaces=NS)
    assert deleted == [material_identifier(materials["by-sa"].pk)]
    assert len(again.xpath("//o:record/o:metadata", namespaces=NS)) == 1
    # Withdrawn at the source: a deleted record of the whole catalog, never dropped.
    material_withdraw(materials["by-nc"], "gone")
    everything = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert everything.xpath("//o:header[@status='deleted']/o:identifier/text()", namespaces=NS) == [
        material_identifier(materials["by-nc"].pk)
    ]
    assert len(everything.xpath("//o:header", namespaces=NS)) == 4


def test_from_and_until_select_by_datestamp(client, materials):
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Material.objects.exclude(pk=materials["by"].pk).update(updated_at=old)
    recent = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2021-01-01"})
    assert recent.xpath("//o:identifier/text()", namespaces=NS) == [
        material_identifier(materials["by"].pk)
    ]
    early = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        until="2020-01-01T00:00:00Z",
        **{"from": "2019-12-31T00:00:00Z"},
    )
    assert len(early.xpath("//o:header", namespaces=NS)) == 3


def test_post_is_accepted(client, materials):
    response = client.post("/oai", {"verb": "Identify"})
    assert b"<Identify>" in response.content


@pytest.mark.parametrize(
    "params, code",
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),  # metadataPrefix missing
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere:1"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2099-01-01"},
            "noRecordsMatch",
        ),
        ({"verb": "ListSets"}, "noSetHierarchy"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "list-x"}, "noSetHierarchy"),
    ],
)
def test_protocol_errors(client, materials, params, code):
    root = oai(client, **params)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}


def test_repeated_argument_is_bad(client, materials):
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=lom")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_token_of_another_verb_is_refused(client, materials, settings):
    settings.OER_OAI_PAGE_SIZE = 1
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").findtext(
        ".//o:resumptionToken", namespaces=NS
    )
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == (
        "badResumptionToken"
    )


def test_deleted_item_has_no_metadata_formats(client, materials):
    material_withdraw(materials["by"], "gone")
    identifier = material_identifier(materials["by"].pk)
    assert error_code(oai(client, verb="ListMetadataFormats", identifier=identifier)) == (
        "noMetadataFormats"
    )
    record = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert record.find(".//o:header", NS).get("status") == "deleted"
    assert record.find(".//o:metadata", NS) is None


def test_unknown_set_when_sets_exist_matches_nothing(client, published):
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="list-nope")
    assert error_code(root) == "noRecordsMatch"
