"""PhET simulations through the JSON API source's built-in ``phet`` mapping, on PhET's real
metadata API answer: grade bands, licence, and Common Core alignments resolved against the
Common Core Math ASN file."""

import json
import re

import pytest

from catalog.materials.models import Material
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Alignment
from harvesters.models import RunStatus
from harvesters.normalizers import phet
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.replay import Reply
from search import service

from .conftest import no_sleep

PHET = "oer-metadata/phet/phet_data.json"
CCSS_MATH_ASN = "standards/asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml"


@pytest.fixture(scope="module")
def api(shared_data):
    return json.loads((shared_data / PHET).read_bytes())


def _links(api) -> dict[str, list[str]]:
    """Per simulation name, the alignment URLs the API answer links it to (counted here,
    straight from the file, not by the code under test)."""
    urls = {a["id"]: a["url"] for a in api["alignments"]}
    return {
        p["simulations"][0]["name"]: [
            urls[i]
            for key in ("alignmentIds", "secondaryAlignmentIds")
            for i in p["simulations"][0][key]
        ]
        for p in api["projects"]
    }


def test_every_simulation_keeps_its_links_grades_and_licence(api):
    links = _links(api)
    records = [
        phet.normalize(json.dumps(phet.with_page_context(p, api)).encode()) for p in api["projects"]
    ]
    assert len(records) == 119
    assert {r.remote_id: [a.target for a in r.alignments] for r in records} == links
    assert sum(len(r.alignments) for r in records) == 594
    assert sum(1 for r in records if r.alignments) == 57
    fractions = next(r for r in records if r.remote_id == "fractions-intro")
    assert fractions.title == "Fractions: Intro"
    assert fractions.url == "https://phet.colorado.edu/en/simulations/fractions-intro"
    assert fractions.license_raw == "http://creativecommons.org/licenses/by/3.0/us/"
    assert fractions.grades[0] == "K" and "5" in fractions.grades
    assert "Math Concepts" in fractions.subjects
    assert "Elementary School" not in fractions.subjects  # a grade band, not a subject
    assert {a.framework for a in fractions.alignments} == {
        "Common Core State Standards for Mathematics"
    }


@pytest.mark.parametrize(
    ("low", "high", "first", "last"),
    [
        ("ELEMENTARY_SCHOOL", "MIDDLE_SCHOOL", "K", "8"),
        ("MIDDLE_SCHOOL", "MIDDLE_SCHOOL", "6", "8"),
        ("HIGH_SCHOOL", "UNIVERSITY", "9", "college-upper-division"),
    ],
)
def test_grade_bands_become_every_grade_between(low, high, first, last):
    grades = phet.grades(low, high)
    assert (grades[0], grades[-1]) == (first, last)


def test_a_stored_payload_needs_nothing_from_its_page(api):
    """Renormalizing reads one raw record: the alignment URLs must be inside it."""
    project = next(p for p in api["projects"] if p["simulations"][0]["alignmentIds"])
    alone = phet.normalize(json.dumps(project).encode())
    assert alone.alignments == ()
    assert phet.normalize(json.dumps(phet.with_page_context(project, api)).encode()).alignments


def _resolved_expected(shared_data, links) -> tuple[int, int]:
    """(resolved, unresolved) computed from the ASN file's own statement URIs."""
    from catalog.standards.codes import asn_id, ccss_key

    xml = (shared_data / CCSS_MATH_ASN).read_text("utf-8")

    asn_ids = {m.upper() for m in re.findall(r'rdf:about="[^"]*/resources/(S[0-9A-F]+)"', xml)}
    codes = {ccss_key(m, "math") for m in re.findall(r"<asn:statementNotation>([^<]+)<", xml)}
    resolved = sum(
        1
        for urls in links.values()
        for u in urls
        if asn_id(u) in asn_ids or (not asn_id(u) and ccss_key(u, "math") in codes)
    )
    total = sum(len(u) for u in links.values())
    return resolved, total - resolved


@pytest.mark.django_db
def test_phet_api_harvest_resolves_common_core_alignments(replay, shared_data, api):
    standards_import([str(shared_data / CCSS_MATH_ASN)])
    replay.add(
        {"format": "json", "type": "html"},
        Reply((shared_data / PHET).read_bytes(), content_type="application/json"),
        path="/services/metadata/1.3/simulations",
    )
    source = harvest_source_create(
        "phet",
        "json-api",
        replay.base() + "/services/metadata/1.3/simulations",
        metadata_format="phet",
    )
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.created == 119 and len(replay.requests) == 1  # one answer, no paging
    assert Material.objects.filter(source_key="phet").count() == 119
    harvested = Alignment.objects.filter(material__source_key="phet", origin="harvested")
    resolved, unresolved = _resolved_expected(shared_data, _links(api))
    assert harvested.count() == 594
    assert harvested.filter(item__isnull=False).count() == resolved
    assert harvested.filter(item__isnull=True).count() == unresolved
    assert resolved > 500
    assert f"594 alignments, {unresolved} unresolved" in run.message


@pytest.mark.django_db
def test_phet_source_reads_a_local_file(shared_data):
    source = harvest_source_create(
        "phet-file", "json-api", str(shared_data / PHET), metadata_format="phet"
    )
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.created == 119
    assert "594 alignments, 594 unresolved" in run.message  # no framework imported yet


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_harvested_simulation_is_found_by_its_common_core_code(
    shared_data, live_search_index, client
):
    """PhET links 3.NF.A.1 as a thecorestandards.org URL; the search page finds the
    simulations by the short code a teacher types."""
    standards_import(
        [
            str(shared_data / CCSS_MATH_ASN),
            str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json"),
        ]
    )
    source = harvest_source_create(
        "phet-search", "json-api", str(shared_data / PHET), metadata_format="phet"
    )
    assert harvest_source_run(source, sleep=no_sleep).status == RunStatus.SUCCEEDED
    service.index_refresh()
    page = client.get("/search/", {"q": "3.NF.A.1"})
    assert page.status_code == 200
    body = page.content.decode()
    for title in ("Build a Fraction", "Fraction Matcher", "Fractions: Intro"):
        assert title in body, title
    assert "Gravity and Orbits" not in body  # a simulation with no 3.NF alignment
