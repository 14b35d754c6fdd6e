"""Cartridges of a real published list (every version) and of a teacher collection, fetched
at their export URLs, validated against the CC 1.1 schemas and read back with pyslet."""

from __future__ import annotations

import pytest
from lxml import etree

from catalog.cartridge.package import ABOUT_FILE, CONTENT_TYPE
from catalog.licenses.rules import Work, attribution
from catalog.lists.models import Decision
from catalog.lists.services.entries import entry_remove
from catalog.lists.services.versions import list_publish
from catalog.teachers import services as teacher_services
from tests.catalog.lists.flow import approve

from .reading import parse_with_pyslet, validate_cartridge

pytestmark = pytest.mark.django_db
LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"


@pytest.fixture
def published(curator, reviewer, reviewer2, list_page, materials):
    approve(curator, [reviewer, reviewer2], list_page, materials["by"], tier="Tier 1")
    approve(
        curator,
        [reviewer],
        list_page,
        materials["by-nc"],
        tier="Tier 2",
        decision=Decision.APPROVED_WITH_CONDITIONS,
        conditions="Use the 2nd edition",
    )
    return list_publish(curator, list_page)


def _links(parsed) -> dict[str, str]:
    return {title: url for _, title, kind, url in parsed.outline if kind == "imswl_xmlv1p1"}


def test_list_exports_a_valid_cartridge_with_tiers_and_attributions(
    client, list_page, published, materials
):
    response = client.get(f"{list_page.url}export/imscc/")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert 'filename="mathematics-grades-35-v1.imscc"' in response["Content-Disposition"]
    files = validate_cartridge(response.content)
    parsed = parse_with_pyslet(response.content)
    assert parsed.conformance_failures == []
    by, nc = materials["by"], materials["by-nc"]
    assert [(d, t) for d, t, kind, _ in parsed.outline if not kind] == [
        (0, ""),
        (1, "Tier 1"),
        (1, "Tier 2"),
    ]
    assert _links(parsed) == {by.title: by.url, nc.title: nc.url}

    about = files[ABOUT_FILE].decode("utf-8")
    for material in (by, nc):
        assert attribution(Work.from_material(material)).html in about
    assert "Approved with conditions: Use the 2nd edition" in about

    manifest = etree.fromstring(files["imsmanifest.xml"])
    assert manifest.findtext(f".//{LOM}coverage/{LOM}string") == "US-WA"
    dates = [e.text for e in manifest.iter(f"{LOM}dateTime")]
    assert published.published_at.date().isoformat() in dates
    notes = [e.text for e in manifest.iterfind(f".//{LOM}date/{LOM}description/{LOM}string")]
    assert "Version 1 published" in notes
    grades = [e.text for e in manifest.iterfind(f".//{LOM}taxon/{LOM}id")]
    assert grades == ["3", "4", "5"]
    rights = manifest.findtext(f".//{LOM}rights/{LOM}description/{LOM}string")
    assert "CC BY 4.0 (1)" in rights and "CC BY-NC 4.0 (1)" in rights


def test_every_version_keeps_its_cartridge(client, curator, list_page, published, materials):
    entry_remove(curator, list_page.entries.get(material=materials["by"]), "replaced")
    list_publish(curator, list_page)
    v1 = client.get(f"{list_page.url}versions/1/export/imscc/")
    current = client.get(f"{list_page.url}export/imscc/")
    assert materials["by"].title in _links(parse_with_pyslet(v1.content))
    assert materials["by"].title not in _links(parse_with_pyslet(current.content))
    v2 = validate_cartridge(current.content)["imsmanifest.xml"].decode("utf-8")
    assert "Version 2 published" in v2 and "versions/2/" in v2
    assert client.get(f"{list_page.url}versions/1/export/imscc/").content == v1.content


def test_unpublished_list_has_no_cartridge(client, list_page):
    assert client.get(f"{list_page.url}export/imscc/").status_code == 404


def test_list_page_links_its_cartridge(client, list_page, published):
    page = client.get(list_page.url).content.decode()
    assert f'{list_page.url}versions/1/export/imscc/">Common Cartridge (.imscc)' in page


@pytest.fixture
def collection(teacher, materials):
    collection = teacher_services.collection_create(
        teacher, title="My fractions unit", description="Week 3", visibility="link"
    )
    teacher_services.collection_add_material(collection, materials["by-sa"], "Start here")
    teacher_services.collection_add_material(collection, materials["by"])
    return collection


def test_collection_exports_a_valid_cartridge_in_the_teachers_order(client, collection, materials):
    url = f"/collections/{collection.token}/export.imscc"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    files = validate_cartridge(response.content)
    parsed = parse_with_pyslet(response.content)
    assert parsed.conformance_failures == []
    titles = [title for _, title, kind, _ in parsed.outline if kind]
    assert titles == [
        "About this collection and attributions",
        materials["by-sa"].title,
        materials["by"].title,
    ]
    about = files[ABOUT_FILE].decode("utf-8")
    assert attribution(Work.from_material(materials["by-sa"])).html in about
    assert "Start here" in about
    detail = client.get(collection.get_absolute_url()).content.decode()
    assert url in detail and "Common Cartridge (.imscc)" in detail


def test_private_collection_cartridge_only_for_its_owner(client, teacher, collection):
    teacher_services.collection_update(
        collection, title=collection.title, description="", visibility="private"
    )
    url = f"/collections/{collection.token}/export.imscc"
    assert client.get(url).status_code == 404
    client.force_login(teacher)
    assert client.get(url).status_code == 200
