"""Public license pages and the JSON API, on the real registry."""

from __future__ import annotations

import pytest

from catalog.licenses.models import License
from catalog.materials.models import Material

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("loaded_registry"),
    pytest.mark.urls("tests.catalog.licenses.urls"),
]


def test_registry_page_groups_by_family_with_buckets(client):
    page = client.get("/licenses/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Creative Commons license" in html and "CC0 public domain dedication" in html
    assert "remix-and-share" in html and "share-only" in html and "read-only" in html


def test_license_page_explains_and_counts_materials(client):
    lic = License.objects.get(key="CC-BY-NC-ND-4.0")
    Material.objects.create(source_key="t", remote_id="1", slug="m1", title="M", license=lic)
    html = client.get("/licenses/CC-BY-NC-ND-4.0/").content.decode()
    assert "NonCommercial" in html and "may not share adapted versions" in html
    assert 'href="https://creativecommons.org/licenses/by-nc-nd/4.0/legalcode"' in html
    assert "<dt>Materials</dt><dd>1</dd>" in html
    assert client.get("/licenses/NOPE/").status_code == 404


def test_api_list(client):
    data = client.get("/api/v1/licenses/").json()
    by_id = {row["id"]: row for row in data["licenses"]}
    assert len(by_id) == 642
    assert by_id["CC-BY-SA-4.0"]["bucket"] == "remix-and-share"
    assert by_id["CC-BY-SA-4.0"]["flags"]["share_alike"] is True


def test_api_resolve(client):
    data = client.get("/api/v1/licenses/resolve", {"value": "CC BY-NC 2.5 India"}).json()
    assert data["license"]["id"] == "CC-BY-NC-2.5-IN" and data["confidence"] == "exact"
    empty = client.get("/api/v1/licenses/resolve").json()
    assert empty["license"] is None and empty["reason"] == "no license given"
    assert client.get("/api/v1/licenses/resolve", {"value": "x" * 5000}).status_code == 400


def test_api_compatibility(client):
    data = client.get(
        "/api/v1/licenses/compatibility", {"license": ["CC BY-SA 4.0", "cc-by-nc 4.0"]}
    ).json()
    assert data["adaptation"]["allowed"] == []
    assert set(data["adaptation"]["drop"]) == {"CC BY-SA 4.0", "cc-by-nc 4.0"}
    ok = client.get("/api/v1/licenses/compatibility", {"license": ["CC0", "CC-BY-4.0"]}).json()
    assert "CC-BY-4.0" in ok["adaptation"]["allowed"]
    bad = client.get("/api/v1/licenses/compatibility", {"license": ["frobnitz"]})
    assert bad.status_code == 400 and bad.json()["unresolved"][0]["input"] == "frobnitz"
    assert client.get("/api/v1/licenses/compatibility").status_code == 400


def test_license_block_marks_unresolved_and_inferred_and_attributes():
    from django.template import Context, Template

    tpl = Template("{% load license_tags %}{% license_block material %}")
    ok = Material(title="Fractions", url="https://example.org/f", authors=["Ada"],
                  license_raw="https://creativecommons.org/licenses/by/4.0/",
                  license=License.objects.get(key="CC-BY-4.0"))  # fmt: skip
    html = tpl.render(Context({"material": ok}))
    assert "Remix and share:" in html and "remix-and-share" not in html
    assert "license-status" not in html
    assert 'rel="license noopener">CC BY 4.0</a>' in html

    unknown = Material(title="<b>X</b>", license_raw="Frobnitz terms", license=None)
    html = tpl.render(Context({"material": unknown}))
    assert "License not recognised" in html and "Read only:" in html and "<b>X</b>" not in html

    inferred = Material(
        title="Y", license_raw="cc-by-sa", license=License.objects.get(key="CC-BY-SA")
    )
    assert "License inferred" in tpl.render(Context({"material": inferred}))
