"""A curator's admin edit becomes an override that a re-harvest keeps."""

import json

import pytest
from django.contrib.auth.models import Group, User

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_curator_edit, material_upsert
from search import service
from search.query import SearchQuery

RECORD = MaterialRecord(
    remote_id="r-1",
    title="Fractons on a number line",
    url="https://example.org/fractions",
    description="Place unit fractions.",
    grades=("upper-primary",),
)


@pytest.mark.django_db
def test_curator_edit_in_admin_survives_reharvest(client):
    material = material_upsert("src", RECORD).material
    curator = User.objects.create_user("cara", password="pw-Long-enough-1", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    edit_url = f"/admin/snippets/materials/material/edit/{material.pk}/"
    form = client.get(edit_url)
    assert form.status_code == 200
    assert b"Fractons on a number line" in form.content
    response = client.post(
        edit_url,
        {
            "title": "Fractions on a number line",
            "description": "Place unit fractions.",
            "url": "https://example.org/fractions",
            "language": "",
            "publisher": "",
            "subjects": "[]",
            "grades": '["3", "4", "5"]',
            "resource_types": "[]",
            "keywords": "[]",
            "status": "active",
            "withdrawn_reason": "",
            "rereview_reason": "",
            "curator_notes": "typo fixed",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    material.refresh_from_db()
    assert material.overrides == {"title": "Fractions on a number line"}
    assert material.title == "Fractons on a number line"  # the source's value, kept beside

    material_upsert("src", MaterialRecord(**{**RECORD.__dict__, "description": "Changed."}))
    material.refresh_from_db()
    assert material.description == "Changed."
    assert material.effective("title") == "Fractions on a number line"
    page = client.get(material.get_absolute_url())
    assert b"Fractions on a number line" in page.content


@pytest.mark.django_db
def test_editing_back_to_the_harvested_value_drops_the_override():
    material = material_upsert("src", RECORD).material
    assert material_curator_edit(material, {"title": "Better"}) == ["title"]
    assert material_curator_edit(material, {"title": RECORD.title}) == ["title"]
    assert Material.objects.get(pk=material.pk).overrides == {}
    with pytest.raises(ValueError):
        material_curator_edit(material, {"status": "withdrawn"})


def _curator(username: str):
    user = User.objects.create_user(username, password="pw-Long-enough-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


def _form_data(material, **changes) -> dict:
    data = {
        "title": material.effective("title"),
        "description": material.effective("description"),
        "url": material.effective("url"),
        "language": "",
        "publisher": "",
        "subjects": "[]",
        "grades": json.dumps(material.effective("grades")),
        "resource_types": "[]",
        "keywords": "[]",
        "status": material.status,
        "withdrawn_reason": material.withdrawn_reason,
        "rereview_reason": "",
        "curator_notes": material.curator_notes,
    }
    data.update(changes)
    return data


def _found(material) -> bool:
    service.index_refresh()
    hits = service.search(SearchQuery.build("fractons number line", per_page=50)).hits
    return material.pk in [hit.id for hit in hits]


@pytest.mark.django_db
def test_withdrawing_in_admin_removes_it_from_search_without_a_rebuild(
    client, live_search_index, django_capture_on_commit_callbacks
):
    material = material_upsert("src", RECORD).material
    service.index_rebuild()
    assert _found(material)
    client.force_login(_curator("cara"))
    edit_url = f"/admin/snippets/materials/material/edit/{material.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url, _form_data(material, status="withdrawn", withdrawn_reason="broken link")
        )
    assert response.status_code == 302, response.content[:2000]
    material.refresh_from_db()
    assert material.status == "withdrawn"
    assert not _found(material)
