"""NSDL records harvested over OAI-PMH (``nsdl_dc``) from the replay server, with their ASN
alignments: kept when their framework is missing, resolved once it is imported."""

import pytest
from django.core.management import call_command

from catalog.materials.models import Material
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Alignment
from catalog.standards.selectors import pending_alignment_count
from harvesters.demo import NSDL_FIXTURE
from harvesters.models import RunStatus
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.replay import add_oai_folder

from .conftest import no_sleep

CCSS_MATH_ASN = "standards/asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml"


@pytest.fixture
def nsdl_server(replay):
    add_oai_folder(replay, NSDL_FIXTURE, "nsdl_dc")
    return replay


def _harvest(server):
    source = harvest_source_create("nsdl", "oai-pmh", server.url, metadata_format="nsdl_dc")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    return run


def _harvested():
    return Alignment.objects.filter(material__source_key="nsdl", origin="harvested")


@pytest.mark.django_db
def test_nsdl_harvest_resolves_every_asn_link(nsdl_server, shared_data):
    standards_import([str(shared_data / CCSS_MATH_ASN)])
    run = _harvest(nsdl_server)
    assert run.created == 100 and Material.objects.filter(source_key="nsdl").count() == 100
    pages = [r["params"] for r in nsdl_server.requests if r["params"]["verb"] == "ListRecords"]
    assert len(pages) == 2 and pages[1]["resumptionToken"] == "nsdl-page-2"
    resolved = _harvested().filter(item__isnull=False).count()
    unresolved = _harvested().filter(item__isnull=True).count()
    assert resolved + unresolved == 534
    assert unresolved == 0  # all 534 are CCSS Math statements (PROVENANCE)
    assert "534 alignments, 0 unresolved" in run.message


@pytest.mark.django_db
def test_unresolved_links_are_kept_counted_and_resolved_later(nsdl_server, shared_data):
    run = _harvest(nsdl_server)
    assert "534 alignments, 534 unresolved" in run.message
    assert pending_alignment_count("nsdl") == 534
    assert set(_harvested().values_list("item", flat=True)) == {None}
    standards_import([str(shared_data / CCSS_MATH_ASN)])  # resolves pending ones itself
    assert pending_alignment_count("nsdl") == 0


@pytest.mark.django_db
def test_resolve_pending_command(nsdl_server, shared_data, capsys):
    _harvest(nsdl_server)
    standards_import([str(shared_data / CCSS_MATH_ASN)])
    Alignment.objects.update(item=None)  # as if imported before the framework, by another path
    call_command("standards", "resolve-pending")
    assert "resolved 534 alignments" in capsys.readouterr().out
    assert pending_alignment_count() == 0
