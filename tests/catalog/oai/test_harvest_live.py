"""Harvest the live /oai endpoint with a third-party client (oaipmh-scythe) and with our own
harvester's OAI-PMH client, over real HTTP."""

import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe import exceptions as scythe_errors
from oaipmh_scythe.config import HTTPConfig

from catalog.lists.services.entries import entry_remove
from catalog.lists.services.versions import list_publish
from catalog.materials.models import Material
from catalog.oai.protocol import material_identifier
from harvesters.normalizers import oai_dc
from harvesters.oai.client import OaiClient
from tests.catalog.lists.flow import approve

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def endpoint(live_server, settings, curator, reviewer, list_page, materials):
    settings.OER_OAI_PAGE_SIZE = 2  # force resumption tokens
    approve(curator, [reviewer], list_page, materials["by"])
    approve(curator, [reviewer], list_page, materials["by-sa"])
    approve(curator, [reviewer], list_page, materials["by-nc"])
    list_publish(curator, list_page)
    entry_remove(curator, list_page.entries.get(material=materials["by-nc"]))
    list_publish(curator, list_page)
    return f"{live_server.url}/oai"


def test_scythe_harvests_catalog_sets_and_errors(endpoint, materials):
    with Scythe(endpoint, http_config=HTTPConfig(timeout=10)) as scythe:
        identify = scythe.identify()
        assert identify.deletedRecord == "persistent" and identify.protocolVersion == "2.0"

        records = list(scythe.list_records(metadata_prefix="oai_dc"))
        assert len(records) == Material.objects.count() == 4  # 2 pages of 2
        by = next(
            r for r in records if r.header.identifier == material_identifier(materials["by"].pk)
        )
        assert by.metadata["title"] == [materials["by"].title]
        assert by.header.setSpecs == ["list-math-3-5"]

        in_set = list(scythe.list_records(metadata_prefix="lom", set_="list-math-3-5"))
        deleted = [r.header.identifier for r in in_set if r.deleted]
        assert deleted == [material_identifier(materials["by-nc"].pk)]
        assert len(in_set) == 3

        live_only = list(scythe.list_identifiers(set_="list-math-3-5", ignore_deleted=True))
        assert len(live_only) == 2
        assert [s.setSpec for s in scythe.list_sets()] == ["list-math-3-5"]
        formats = [f.metadataPrefix for f in scythe.list_metadata_formats()]
        assert formats == ["oai_dc", "lom"]
        record = scythe.get_record(identifier=material_identifier(materials["by"].pk))
        assert record.metadata["identifier"] == [materials["by"].url]

        with pytest.raises(scythe_errors.CannotDisseminateFormat):
            list(scythe.list_records(metadata_prefix="marc21"))
        with pytest.raises(scythe_errors.IdDoesNotExist):
            scythe.get_record(identifier="oai:elsewhere:1")
        with pytest.raises(scythe_errors.NoRecordsMatch):
            list(scythe.list_records(from_="2099-01-01"))
        with pytest.raises(scythe_errors.BadArgument):
            list(scythe.list_records(from_="not-a-date"))
        with pytest.raises(scythe_errors.BadResumptionToken):
            list(scythe.list_records(resumption_token="forged"))


def test_scythe_harvests_with_post(endpoint):
    with Scythe(endpoint, http_config=HTTPConfig(http_method="POST", timeout=10)) as scythe:
        assert len(list(scythe.list_identifiers(metadata_prefix="lom"))) == 4


def test_our_own_harvester_client_reads_the_feed(endpoint, materials):
    client = OaiClient(endpoint, sleep=lambda seconds: None)
    assert client.identify().deleted_record == "persistent"
    assert client.metadata_formats() == ["oai_dc", "lom"]
    seen, token, pages = [], None, 0
    while True:
        with client.list_page(token=token, metadata_prefix="oai_dc", set_spec="list-math-3-5") as (
            items,
            info,
        ):
            seen.extend(items)
        pages += 1
        assert not info.errors
        token = info.token
        if not token:
            break
    assert pages == 2
    # The harvester's own normalizer reads our oai_dc back into a MaterialRecord.
    payload = next(
        r.payload
        for r in seen
        if not r.deleted and r.identifier == material_identifier(materials["by"].pk)
    )
    record = oai_dc.normalize(payload)
    assert record.title == materials["by"].title and record.url == materials["by"].url
    assert "creativecommons.org/licenses/by/4.0" in record.license_raw
    assert {r.identifier: r.deleted for r in seen} == {
        material_identifier(materials["by"].pk): False,
        material_identifier(materials["by-sa"].pk): False,
        material_identifier(materials["by-nc"].pk): True,
    }
