"""The material page's route through Wagtail: few queries, and privacy settings still apply."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageViewRestriction

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.pages.models import HomePage, MaterialIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def material():
    record = MaterialRecord(
        remote_id="route-1", title="Tide pools", url="https://example.org/t", grades=("3",)
    )
    return material_upsert("src", record).material


def test_material_page_runs_six_queries(client, material, django_assert_max_num_queries):
    # Wagtail: the site, the home page, the materials index (one query, not two), the view
    # restrictions (one, not two); then the material with its licence, and its sources.
    client.get(material.get_absolute_url())  # first request: caches of the site and templates
    with django_assert_max_num_queries(6):
        response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"Tide pools" in response.content


@pytest.mark.parametrize("restricted", [MaterialIndexPage, HomePage])
def test_a_login_restriction_on_the_page_or_an_ancestor_still_applies(client, material, restricted):
    page = restricted.objects.get()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_restriction_elsewhere_in_the_tree_does_not(client, material):
    home = HomePage.objects.get()
    other = home.add_child(instance=Page(title="About", slug="about"))
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(material.get_absolute_url()).status_code == 200
    assert client.get("/about/").status_code == 302  # other children still route, restricted
