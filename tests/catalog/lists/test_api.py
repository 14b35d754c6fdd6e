"""``/api/v1/lists``: published approved lists with their versions and export links; lists
without a published version, unpublished pages and restricted pages are absent."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from catalog.lists.models import ApprovedListPage
from catalog.lists.services.entries import entry_remove
from catalog.lists.services.versions import list_publish

from .conftest import ensure_migrated_data
from .flow import approve

pytestmark = pytest.mark.django_db
FORMATS = {"csv", "xlsx", "jsonld", "imscc"}


@pytest.fixture
def published(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"], tier="Tier 1")
    approve(curator, [reviewer], list_page, materials["by-nc"], tier="Tier 2")
    list_publish(curator, list_page)
    entry_remove(curator, list_page.entries.get(material=materials["by"]), "replaced")
    return list_publish(curator, list_page)


def _page(slug: str, **fields) -> ApprovedListPage:
    home = ensure_migrated_data()
    page = ApprovedListPage(
        title=slug.title(), slug=slug, jurisdiction="US-NY", subject="Science", **fields
    )
    home.add_child(instance=page)
    return ApprovedListPage.objects.get(pk=page.pk)


def test_published_list_with_versions_and_export_links(client, list_page, published):
    response = client.get("/api/v1/lists")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1
    (item,) = body["lists"]
    url = f"http://testserver{list_page.url}"
    assert item["url"] == url
    assert {k: item[k] for k in ("title", "jurisdiction", "subject", "grades")} == {
        "title": "Mathematics grades 3–5",
        "jurisdiction": "US-WA",
        "subject": "Mathematics",
        "grades": "3–5",
    }
    assert (item["grade_min"], item["grade_max"]) == (3, 5)
    assert (item["effective_date"], item["expiry_date"]) == ("2026-07-01", "2029-06-30")
    assert item["current_version"] == 2
    assert item["exports"] == {f: f"{url}export/{f}/" for f in FORMATS}
    assert [v["number"] for v in item["versions"]] == [2, 1]
    v1 = item["versions"][1]
    assert v1["url"] == f"{url}versions/1/"
    assert v1["exports"]["imscc"] == f"{url}versions/1/export/imscc/"
    assert dt.datetime.fromisoformat(v1["published_at"]) <= dt.datetime.fromisoformat(
        item["versions"][0]["published_at"]
    )
    for link in [*item["exports"].values(), *v1["exports"].values(), v1["url"]]:
        assert client.get(link).status_code == 200, link


def test_lists_not_published_are_absent(client, curator, reviewer, published, materials):
    _page("no-version")  # live, never published
    hidden = _page("unpublished")
    approve(curator, [reviewer], hidden, materials["by-sa"])
    list_publish(curator, hidden)
    hidden.unpublish()
    restricted = _page("restricted")
    approve(curator, [reviewer], restricted, materials["by"])
    list_publish(curator, restricted)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    body = client.get("/api/v1/lists").json()
    assert [item["title"] for item in body["lists"]] == ["Mathematics grades 3–5"]


def test_empty_registry_answers_an_empty_list(client, db):
    assert client.get("/api/v1/lists").json() == {"count": 0, "lists": []}


def test_other_methods_are_a_json_405(client, db):
    response = client.post("/api/v1/lists")
    assert response.status_code == 405
    assert response.json()["status"] == 405 and response["Allow"] == "GET"


def test_openapi_document_describes_the_lists_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    get = spec["paths"]["/api/v1/lists"]["get"]
    item = get["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    fields = item["lists"]["items"]["properties"]
    assert set(fields["exports"]["properties"]) == FORMATS
    assert "versions" in fields and "current_version" in fields
