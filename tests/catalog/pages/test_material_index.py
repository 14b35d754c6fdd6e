"""``/materials/`` pages through the whole catalog, not only its newest materials."""

import pytest

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.pages.models import MaterialIndexPage

pytestmark = pytest.mark.django_db


def test_materials_index_pages_through_every_material(client, monkeypatch):
    monkeypatch.setattr(MaterialIndexPage, "per_page", 3)
    titles = {f"Lesson {n:02d}" for n in range(7)}
    for n, title in enumerate(sorted(titles)):
        material_upsert(
            "src", MaterialRecord(remote_id=f"r{n}", title=title, url=f"https://e.org/{n}")
        )
    seen = set()
    for number in (1, 2, 3):
        body = client.get(f"/materials/?page={number}").content.decode()
        seen |= {t for t in titles if f">{t}</a>" in body}
        assert f"Page {number} of 3" in body
    assert seen == titles
    first = client.get("/materials/").content.decode()
    assert 'href="?page=2" rel="next"' in first and "7 materials" in first
    assert 'rel="prev"' in client.get("/materials/?page=3").content.decode()
    assert "Page 3 of 3" in client.get("/materials/?page=99").content.decode()
