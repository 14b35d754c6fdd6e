"""Collection pages: save, order, annotate, share, export (CSV and LRMI JSON-LD)."""

import csv
import io
import json

import pytest

from catalog.teachers import services
from catalog.teachers.models import Collection

pytestmark = pytest.mark.django_db


def test_save_material_into_a_new_collection_then_an_existing_one(ana, teacher, real):
    page = ana.get(f"/save/{real['by'].slug}/")
    assert page.status_code == 200
    response = ana.post(f"/save/{real['by'].slug}/", {"new_title": "Fractions unit", "note": ""})
    collection = Collection.objects.get(owner=teacher)
    assert response.status_code == 302 and response["Location"] == collection.get_absolute_url()
    ana.post(
        f"/save/{real['by-sa'].slug}/",
        {"collection": str(collection.token), "note": "Day 2 warm-up"},
    )
    assert [i.material for i in collection.items.all()] == [real["by"], real["by-sa"]]
    assert collection.items.last().note == "Day 2 warm-up"


def test_collection_page_orders_and_annotates(ana, teacher, real):
    c = services.collection_create(teacher, title="Unit")
    first = services.collection_add_material(c, real["by"])
    second = services.collection_add_material(c, real["by-nc"])
    page = ana.get(c.get_absolute_url())
    assert page.status_code == 200
    assert page.content.index(real["by"].title.encode()) < page.content.index(
        real["by-nc"].title.encode()
    )
    base = f"/collections/{c.token}/items"
    assert ana.post(f"{base}/{second.pk}/up/").status_code == 302
    assert [i.pk for i in c.items.all()] == [second.pk, first.pk]
    ana.post(f"{base}/{first.pk}/note/", {"note": "Read aloud"})
    first.refresh_from_db()
    assert first.note == "Read aloud"
    ana.post(f"{base}/{first.pk}/remove/")
    assert list(c.items.all()) == [second]


def test_exports_csv_and_lrmi_jsonld(ana, teacher, real):
    c = services.collection_create(teacher, title="Unit", description="Three lessons")
    services.collection_add_material(c, real["by-sa"], "=cmd() is not a formula")
    services.collection_add_material(c, real["by"])
    rows = list(
        csv.DictReader(io.StringIO(ana.get(f"/collections/{c.token}/export.csv").content.decode()))
    )
    assert [r["title"] for r in rows] == [real["by-sa"].title, real["by"].title]
    assert rows[0]["license"] == "CC BY-SA 4.0" and rows[0]["note"].startswith("'=")
    assert rows[0]["source_url"] == real["by-sa"].url
    response = ana.get(f"/collections/{c.token}/export.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ItemList"
    assert data["numberOfItems"] == 2
    item = data["itemListElement"][0]
    assert item["position"] == 1 and item["item"]["@type"] == "LearningResource"
    assert item["item"]["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert item["item"]["name"] == real["by-sa"].title


def test_public_and_link_shared_collections_are_readable_by_anyone(client, teacher, real):
    public = services.collection_create(teacher, title="Open unit", visibility="public")
    linked = services.collection_create(teacher, title="Shared unit", visibility="link")
    services.collection_add_material(public, real["by"], "Start here")
    listing = client.get("/collections/")
    assert b"Open unit" in listing.content and b"Shared unit" not in listing.content
    page = client.get(public.get_absolute_url())
    assert page.status_code == 200 and b"Start here" in page.content
    assert b"Move up" not in page.content and b"Remove" not in page.content
    assert client.get(linked.get_absolute_url()).status_code == 200
    assert client.get(f"/collections/{linked.token}/export.csv").status_code == 200


def test_edit_visibility(ana, teacher):
    c = services.collection_create(teacher, title="Mine")
    response = ana.post(
        f"/collections/{c.token}/edit/",
        {"title": "Mine", "description": "", "visibility": "public"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.visibility == "public"


def test_collection_page_shows_grades_in_words(ana, teacher, real):
    material = real["by"]
    from catalog.materials.models import Material

    Material.objects.filter(pk=material.pk).update(grades=["3", "4", "5"])
    c = services.collection_create(teacher, title="Unit")
    services.collection_add_material(c, material)
    page = ana.get(c.get_absolute_url()).content.decode()
    assert "Grades 3–5" in page and "Grades 3, 4, 5" not in page
