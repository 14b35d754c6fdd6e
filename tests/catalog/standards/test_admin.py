"""The Wagtail admin for standards: listings, the item chooser's code search, and a curator
adding an alignment through the snippet form."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.materials.models import Material
from catalog.materials.records import AlignmentRef
from catalog.standards.models import Alignment, StandardItem
from catalog.standards.services import alignment_set

from .conftest import CASE_MATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def test_framework_and_item_listings(admin_client, import_standards):
    import_standards(CASE_MATH)
    response = admin_client.get(reverse("wagtailsnippets_standards_framework:list"))
    assert response.status_code == 200
    assert b"Common Core State Standards for Mathematics" in response.content
    response = admin_client.get(
        reverse("wagtailsnippets_standards_standarditem:list"), {"q": "fraction"}
    )
    assert response.status_code == 200


def test_item_chooser_finds_items_by_code_or_statement(admin_client, import_standards):
    import_standards(CASE_MATH)
    url = reverse("wagtailsnippetchoosers_standards_standarditem:choose_results")
    by_code = admin_client.get(url, {"q": "3.NF.A.1"})
    assert by_code.status_code == 200
    assert b"CCSS.Math.Content.3.NF.A.1" in by_code.content
    by_words = admin_client.get(url, {"q": "partitioned into b equal parts"})
    assert b"CCSS.Math.Content.3.NF.A.1" in by_words.content


def test_curator_adds_an_alignment_in_the_admin(admin_client, import_standards):
    import_standards(CASE_MATH)
    material = Material.objects.create(source_key="t", remote_id="1", slug="m-1", title="M")
    item = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    response = admin_client.post(
        reverse("wagtailsnippets_standards_alignment:add"),
        {
            "material": material.pk,
            "item": item.pk,
            "target": "",
            "alignment_type": "teaches",
            "origin": "curator",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    alignment = Alignment.objects.get(material=material)
    assert alignment.item == item and alignment.target == item.identifier
    assert alignment.created_by == admin_client.user


def test_curators_list_the_unresolved_alignments(admin_client, import_standards):
    import_standards(CASE_MATH)
    material = Material.objects.create(
        source_key="t", remote_id="1", title="Fractions", url="https://example.org/f"
    )
    alignment_set(
        material,
        [AlignmentRef("3.NF.A.1"), AlignmentRef("http://asn.jesandco.org/resources/S9999999")],
    )
    url = reverse("wagtailsnippets_standards_alignment:list")
    unresolved = admin_client.get(url, {"item__isnull": "true"})
    assert unresolved.status_code == 200
    assert b"S9999999" in unresolved.content and b"3.NF.A.1" not in unresolved.content
    resolved = admin_client.get(url, {"item__isnull": "false"})
    assert b"S9999999" not in resolved.content
