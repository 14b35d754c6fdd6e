"""The public list page (filters, versions at stable URLs) and its exports, read back."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from catalog.lists.models import Decision
from catalog.lists.services.entries import entry_remove
from catalog.lists.services.versions import list_publish

from .flow import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(curator, reviewer, reviewer2, list_page, materials):
    approve(
        curator,
        [reviewer, reviewer2],
        list_page,
        materials["by"],
        tier="Tier 1",
        public_rationale="Clear explanations",
    )
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


def test_csv_export_has_the_district_columns(client, list_page, published, materials):
    response = client.get(f"{list_page.url}export/csv/")
    assert response.status_code == 200
    assert 'filename="mathematics-grades-35-v1.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [r["Title"] for r in rows] == sorted([materials["by"].title, materials["by-nc"].title])
    by = next(r for r in rows if r["Registry ID"] == str(materials["by"].pk))
    assert by["License"] == "CC BY 4.0" and by["Decision"] == "Approved"
    assert by["Tier"] == "Tier 1" and by["Rubric rating (0-3)"] == "2.50"
    assert by["Reviewers"] == "Ravi Reviewer; Rita Reviewer"
    assert by["URL"] == materials["by"].url
    # OER Commons names a provider, not a publisher: the provider fills the column.
    assert by["Publisher"] and by["Publisher"] == materials["by"].provider
    nc = next(r for r in rows if r["Registry ID"] == str(materials["by-nc"].pk))
    assert (
        nc["Decision"] == "Approved with conditions" and nc["Conditions"] == "Use the 2nd edition"
    )


def test_xlsx_export_opens_with_entries_and_about_sheets(client, list_page, published):
    response = client.get(f"{list_page.url}export/xlsx/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Entries", "About"]
    rows = list(workbook["Entries"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Title", "Publisher", "Authors", "URL") and len(rows) == 3
    about = dict(workbook["About"].iter_rows(values_only=True))
    assert about["Jurisdiction"] == "US-WA" and about["Grades"] == "3–5" and about["Version"] == 1


def test_jsonld_export_is_an_lrmi_item_list(client, list_page, published, materials):
    response = client.get(f"{list_page.url}export/jsonld/")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = json.loads(response.content)
    assert doc["@type"] == "ItemList" and doc["numberOfItems"] == 2
    works = {e["item"]["url"]: e["item"] for e in doc["itemListElement"]}
    work = works[materials["by"].url]
    assert work["@type"] == "CreativeWork"
    assert work["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert work["review"]["reviewRating"]["ratingValue"] == "2.50"


def test_public_page_filters(client, list_page, published, materials):
    def linked(m):  # a row of the table links the material; the changelog does not
        return f'/materials/{m.slug}/">{m.title}</a>'

    page = client.get(list_page.url).content.decode()
    assert linked(materials["by"]) in page and linked(materials["by-nc"]) in page
    assert "2 materials" in page
    only_tier2 = client.get(list_page.url, {"tier": "Tier 2"}).content.decode()
    assert linked(materials["by-nc"]) in only_tier2 and linked(materials["by"]) not in only_tier2
    by_license = client.get(list_page.url, {"license": "CC-BY-4.0"}).content.decode()
    assert "1 material<" in by_license
    conditions = client.get(list_page.url, {"decision": "approved_conditions"}).content.decode()
    assert "Use the 2nd edition" in conditions


def test_earlier_versions_stay_at_stable_urls(client, curator, list_page, published, materials):
    entry = list_page.entries.get(material=materials["by"])
    entry_remove(curator, entry, "replaced")
    v2 = list_publish(curator, list_page)
    current = client.get(list_page.url).content.decode()
    assert f'">{materials["by"].title}</a>' not in current and "version 2" in current
    v1_page = client.get(f"{list_page.url}versions/1/").content.decode()
    assert materials["by"].title in v1_page and "An earlier version" in v1_page
    v1_csv = client.get(f"{list_page.url}versions/1/export/csv/").content.decode()
    assert materials["by"].title in v1_csv
    history = client.get(f"{list_page.url}versions/").content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert v2.get_absolute_url() == f"{list_page.url}versions/2/"
    assert "Removed: " + materials["by"].title in client.get(v2.get_absolute_url()).content.decode()


def test_unknown_version_or_format_is_404(client, list_page, published):
    assert client.get(f"{list_page.url}versions/9/").status_code == 404
    assert client.get(f"{list_page.url}export/pdf/").status_code == 404


def test_unpublished_list_says_so(client, list_page):
    response = client.get(list_page.url)
    assert response.status_code == 200 and "not been published" in response.content.decode()
    assert client.get(f"{list_page.url}export/csv/").status_code == 404


def test_lists_index_links_published_lists_and_home_links_it(client, list_page, published):
    index = client.get("/lists/")
    assert index.status_code == 200
    body = index.content.decode()
    assert f'href="{list_page.url}"' in body and list_page.title in body
    assert "US-WA" in body and "version 1" in body
    assert 'href="/lists/"' in client.get("/").content.decode()


def test_lists_index_without_published_lists_says_so(client, list_page):
    body = client.get("/lists/").content.decode()
    assert list_page.title not in body and "No approved lists have been published yet" in body
