"""Two curators editing one material: the second save must not silently revert the first.

Both open the edit form; the first saves a new title; the second, still holding the old form,
saves a note. The second gets a form error naming the title (their value, the stored one)
and nothing of theirs is saved; the first's title survives. Saving again, having seen the
error, goes through.
"""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert

pytestmark = pytest.mark.django_db

RECORD = MaterialRecord(
    remote_id="c-1",
    title="Photosynthesis basics",
    url="https://example.org/photo",
    description="Light, water, sugar.",
)
_HIDDEN = re.compile(r'name="loaded_state" value="([^"]*)"')


def _curator(username: str) -> Client:
    user = User.objects.create_user(username, password="pw-Long-enough-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    client = Client()
    client.force_login(user)
    return client


def _open(client: Client, url: str) -> dict:
    """The edit form's values as a browser would post them back unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    match = _HIDDEN.search(page.content.decode())
    assert match, "the edit form carries what the curator loaded"
    return {
        "title": "Photosynthesis basics",
        "description": "Light, water, sugar.",
        "url": "https://example.org/photo",
        "language": "",
        "publisher": "",
        "subjects": "[]",
        "grades": "[]",
        "resource_types": "[]",
        "keywords": "[]",
        "status": "active",
        "withdrawn_reason": "",
        "rereview_reason": "",
        "curator_notes": "",
        "loaded_state": html.unescape(match.group(1)),
    }


def test_second_curator_gets_a_conflict_and_the_first_change_survives():
    material = material_upsert("src", RECORD).material
    url = f"/admin/snippets/materials/material/edit/{material.pk}/"
    ana, ben = _curator("ana"), _curator("ben")
    ana_form, ben_form = _open(ana, url), _open(ben, url)

    first = ana.post(url, {**ana_form, "title": "Photosynthesis: the basics"})
    assert first.status_code == 302, first.content[:2000]

    second = ben.post(url, {**ben_form, "curator_notes": "checked the link"})
    assert second.status_code == 200  # the form again, with the error
    page = html.unescape(second.content.decode())
    assert "Someone else changed this material" in page
    assert "yours “Photosynthesis basics”, now stored “Photosynthesis: the basics”" in page

    stored = Material.objects.get(pk=material.pk)
    assert stored.effective("title") == "Photosynthesis: the basics"
    assert stored.curator_notes == ""  # nothing of the second save was written

    # Having seen the error, the second curator's form now carries the stored state:
    # saving again (with the first's title kept) goes through.
    retry = dict(ben_form)
    retry["loaded_state"] = html.unescape(_HIDDEN.search(second.content.decode()).group(1))
    retry.update(title="Photosynthesis: the basics", curator_notes="checked the link")
    third = ben.post(url, retry)
    assert third.status_code == 302, third.content[:2000]
    stored.refresh_from_db()
    assert stored.effective("title") == "Photosynthesis: the basics"
    assert stored.curator_notes == "checked the link"


def test_changes_to_different_fields_by_someone_else_are_not_reverted():
    """A field the second curator left alone but someone else changed is a conflict too:
    saving their stale copy of it would put the old value back."""
    material = material_upsert("src", RECORD).material
    url = f"/admin/snippets/materials/material/edit/{material.pk}/"
    ana, ben = _curator("ana"), _curator("ben")
    ana_form, ben_form = _open(ana, url), _open(ben, url)
    assert ana.post(url, {**ana_form, "status": "withdrawn"}).status_code == 302
    second = ben.post(url, {**ben_form, "description": "Light, water, air, sugar."})
    assert second.status_code == 200
    assert "now stored “withdrawn”" in html.unescape(second.content.decode())
    stored = Material.objects.get(pk=material.pk)
    assert stored.status == "withdrawn"
    assert stored.effective("description") == "Light, water, sugar."


def test_the_service_refuses_a_stale_save_under_its_row_lock():
    from catalog.materials.services import (
        CurationConflict,
        material_curate,
        material_curation_state,
    )

    material = material_upsert("src", RECORD).material
    loaded = material_curation_state(material)
    material_curate(material, {"title": "New"}, user=None, expected=loaded)
    with pytest.raises(CurationConflict) as caught:
        material_curate(material, {"curator_notes": "x"}, user=None, expected=loaded)
    assert [(c.field, c.yours, c.stored) for c in caught.value.conflicts] == [
        ("title", "Photosynthesis basics", "New")
    ]
    assert Material.objects.get(pk=material.pk).curator_notes == ""
