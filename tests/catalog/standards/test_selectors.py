"""Lookups and crosswalks over the real Common Core, NGSS and OpenSALT files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.materials.models import Material
from catalog.standards.models import Alignment, Association, StandardItem
from catalog.standards.selectors import (
    crosswalk_items,
    item_lookup,
    material_aligned_codes,
    material_standard_codes,
    material_standard_frameworks,
    materials_aligned_to,
)

from .conftest import ASN_FULL, CASE_MATH, CCSSI, NGSS_XML

pytestmark = pytest.mark.django_db

CASE_MATH_ID = "http://purl.org/ASN/resources/D10003FB"
ASN_MATH_ID = "http://asn.jesandco.org/resources/D10003FB"


@pytest.fixture(scope="module")
def common_core(django_db_setup, django_db_blocker, standards_dir):
    """Imported once for the module (committed), removed afterwards; each test still runs
    in its own rolled-back transaction on top."""
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Framework

    files = [CASE_MATH, CCSSI, NGSS_XML, f"{ASN_FULL}/CC-Math.json"]
    with django_db_blocker.unblock():
        standards_import([str(standards_dir / f) for f in files])
    yield
    with django_db_blocker.unblock():
        Framework.objects.all().delete()


def _material(n):
    return Material.objects.create(
        source_key="test", remote_id=f"m{n}", slug=f"m-{n}", title=f"Material {n}"
    )


def _align(material, item):
    return Alignment.objects.create(material=material, item=item, target=item.identifier)


@pytest.mark.parametrize(
    "reference",
    [
        "CCSS.Math.Content.3.NF.A.1",
        "3.NF.A.1",
        "S1143483",
        "http://asn.jesandco.org/resources/S1143483",
        "http://purl.org/ASN/resources/S1143483",
        "https://salt-dev.edplancms.com/uri/http://purl.org/ASN/resources/S1143483",
        "EFC133CD8D34442CA35311157F372C97",  # official CCSS GUID
        "http://corestandards.org/Math/Content/3/NF/A/1",
    ],
)
def test_item_lookup_finds_one_standard_by_any_of_its_names(common_core, reference):
    item = item_lookup(reference)
    assert item is not None, reference
    same = {item.pk} | {i.pk for i, kind in crosswalk_items(item) if kind == "exact"}
    frameworks = set(
        StandardItem.objects.filter(pk__in=same).values_list("framework__identifier", flat=True)
    )
    assert {CASE_MATH_ID, ASN_MATH_ID, "http://corestandards.org/"} <= frameworks


def test_item_lookup_prefers_the_copy_with_a_statement_and_misses_cleanly(common_core):
    item = item_lookup("3.NF.A.1")
    assert item.statement.startswith("Understand a fraction 1/b")
    assert item_lookup("CCSS.Math.Content.99.ZZ.Q.9") is None
    assert item_lookup("") is None


def test_ngss_item_crosswalks_to_common_core_in_both_directions(common_core):
    ngss = StandardItem.objects.get(
        framework__identifier="http://asn.jesandco.org/resources/D2454348",
        human_coding_scheme="HS-ESS3-5",
    )
    found = {(i.framework.identifier, kind) for i, kind in crosswalk_items(ngss)}
    assert ("http://corestandards.org/", "exact") in found
    # Reverse: from a CCSS standard NGSS aligns to, back to the NGSS performance expectation.
    target = item_lookup("http://corestandards.org/Math/Content/HSN/Q/A/1")
    back = {i.pk for i, _ in crosswalk_items(target)}
    assert StandardItem.objects.filter(
        pk__in=back, framework__identifier="http://asn.jesandco.org/resources/D2454348"
    ).exists()


def test_align_to_is_not_followed_transitively(common_core):
    practice = item_lookup("CCSS.Math.Practice.MP2")
    matches = crosswalk_items(practice)
    ngss = [i for i, _ in matches if i.framework.identifier.endswith("D2454348")]
    assert ngss  # the NGSS expectations aligned to MP2…
    official = [i for i, _ in matches if i.framework.identifier == "http://corestandards.org/"]
    # …but not every CCSS standard those expectations align to: only MP2's own copies.
    assert [i.human_coding_scheme for i in official] == ["CCSS.Math.Practice.MP2"]


def test_search_by_ngss_finds_materials_aligned_only_to_common_core(common_core):
    only_ccss = _material(1)
    target = item_lookup("CCSS.Math.Content.HSN-Q.A.1")
    _align(only_ccss, target)
    expectations = Association.objects.filter(
        association_type="alignTo", destination__isnull=False
    ).filter(destination__codes__code="math:n.q.1")
    ngss = {a.origin for a in expectations}
    assert ngss
    for expectation in ngss:
        assert (only_ccss.pk, "exact") in materials_aligned_to(expectation.identifier)


def test_descendants_only_when_asked(common_core):
    material = _material(2)
    _align(material, item_lookup("CCSS.Math.Content.3.NF.A.1"))
    assert materials_aligned_to("CCSS.Math.Content.3.NF.A") == []
    assert materials_aligned_to("CCSS.Math.Content.3.NF.A", include_descendants=True) == [
        (material.pk, "exact")
    ]
    assert materials_aligned_to("3.NF.1") == [(material.pk, "exact")]


def test_is_related_to_is_reported_as_related_never_exact(common_core):
    framework = item_lookup("CCSS.Math.Content.3.NF.A.1").framework
    here, there = item_lookup("CCSS.Math.Content.3.NF.A.2"), item_lookup("4.NF.A.1")
    Association.objects.create(
        framework=framework,
        identifier="related-test",
        association_type="isRelatedTo",
        origin_ref=here.identifier,
        destination_ref=there.identifier,
        origin=here,
        destination=there,
    )
    material = _material(3)
    _align(material, there)
    assert materials_aligned_to("3.NF.A.2") == [(material.pk, "related")]
    kinds = {i.pk: k for i, k in crosswalk_items(here)}
    assert kinds[there.pk] == "related"
    # A material aligned both ways counts as exact.
    _align(material, here)
    assert materials_aligned_to("3.NF.A.2") == [(material.pk, "exact")]


def test_material_codes_for_the_indexer_include_crosswalked_codes_in_fixed_queries(common_core):
    materials = [_material(10 + n) for n in range(5)]
    standards = list(
        StandardItem.objects.filter(
            framework__identifier=CASE_MATH_ID, item_type="Standard"
        ).order_by("pk")[:40]
    )
    for material in materials:
        for item in standards:
            _align(material, item)
    Alignment.objects.create(material=materials[0], target="urn:unknown:standard")
    with CaptureQueriesContext(connection) as queries:
        codes = material_standard_codes([m.pk for m in materials])
    assert len(queries) <= 20  # independent of the 200 alignments
    first = set(codes[materials[0].pk])
    assert "urn:unknown:standard" in first
    sample = standards[0]
    assert sample.human_coding_scheme in first
    # Crosswalked (exact) codes of 3.NF.A.1, one of the 40: the ASN copy's id (S1143483)
    # and the official identifier's GUID.
    assert "3.NF.A.1" in first
    assert {"s1143483", "efc133cd8d34442ca35311157f372c97"} <= first
    frameworks = material_standard_frameworks([materials[0].pk])[materials[0].pk]
    assert "Common Core State Standards for Mathematics" in frameworks
    assert "Common Core State Standards (official identifiers)" in frameworks


def test_3nfa1_codes_reach_the_official_identifiers(common_core):
    material = _material(99)
    _align(material, item_lookup("http://asn.jesandco.org/resources/S1143483"))
    codes = set(material_standard_codes([material.pk])[material.pk])
    assert "CCSS.Math.Content.3.NF.A.1" in codes
    assert "efc133cd8d34442ca35311157f372c97" in codes
    assert "3.NF.1" in codes
    assert "3.NF.A.1" in codes  # the short code users type


def test_aligned_codes_are_the_short_human_codes_of_directly_aligned_items(common_core):
    material, bare = _material(120), _material(121)
    case = StandardItem.objects.get(
        framework__identifier=CASE_MATH_ID, human_coding_scheme="CCSS.Math.Content.3.NF.A.1"
    )
    _align(material, case)
    _align(material, item_lookup("http://asn.jesandco.org/resources/S1143483"))  # ASN copy
    Alignment.objects.create(material=material, target="urn:unknown:standard")
    with CaptureQueriesContext(connection) as queries:
        codes = material_aligned_codes([material.pk, bare.pk])
    assert len(queries) <= 2
    # As each framework writes its statement; no crosswalked copy, GUID, URI or unresolved
    # target, and no key for a material with no aligned item.
    assert codes == {material.pk: ["3.NF.1", "3.NF.A.1"]}
