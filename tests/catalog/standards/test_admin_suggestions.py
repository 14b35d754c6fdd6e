"""The suggested-alignments review queue in the Wagtail admin: a curator filters, accepts one,
rejects one and bulk-accepts above a score; others may not see it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.materials.models import Material
from catalog.standards.models import Alignment, AlignmentSuggestion, StandardItem
from catalog.standards.suggestions import services

from .conftest import CASE_MATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(import_standards):
    import_standards(CASE_MATH)
    material = Material.objects.create(
        source_key="phet-demo", remote_id="1", slug="m-1", title="Fractions: Intro"
    )
    other = Material.objects.create(source_key="other", remote_id="2", slug="m-2", title="Area")
    items = StandardItem.objects.filter(
        human_coding_scheme__in=[
            "CCSS.Math.Content.3.NF.A.1",
            "CCSS.Math.Content.3.NF.A.2",
            "CCSS.Math.Content.3.NF.A.3",
        ]
    ).order_by("human_coding_scheme")
    made = [
        AlignmentSuggestion.objects.create(material=material, item=item, score=score, reason="r")
        for item, score in zip(items, (0.9, 0.7, 0.5), strict=True)
    ]
    area = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.MD.C.7")
    made.append(AlignmentSuggestion.objects.create(material=other, item=area, score=0.95))
    return material, made


@pytest.fixture
def curator_client(client):
    user = get_user_model().objects.create_superuser("cur", "cur@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def test_curator_filters_and_accepts_one(curator_client, queue):
    material, made = queue
    url = reverse("standards_suggestions")
    page = curator_client.get(url, {"source": "phet-demo"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "CCSS.Math.Content.3.NF.A.1" in body and "CCSS.Math.Content.3.MD.C.7" not in body
    response = curator_client.post(
        url, {"action": "accept", "suggestion": [made[0].pk], "source": "phet-demo"}
    )
    assert response.status_code == 302
    alignment = Alignment.objects.get(material=material)
    assert alignment.origin == "suggested" and alignment.created_by == curator_client.user
    made[0].refresh_from_db()
    assert made[0].status == "accepted" and made[0].decided_by == curator_client.user
    curator_client.post(url, {"action": "reject", "suggestion": [made[1].pk]})
    made[1].refresh_from_db()
    assert made[1].status == "rejected"


def test_curator_bulk_accepts_above_a_score_within_the_filter(curator_client, queue):
    material, made = queue
    curator_client.post(
        reverse("standards_suggestions"),
        {"action": "accept_above", "min_score": "0.6", "source": "phet-demo"},
    )
    assert Alignment.objects.filter(material=material, origin="suggested").count() == 2
    made[3].refresh_from_db()
    assert made[3].status == "pending"  # another source: outside the filter


def test_the_score_box_takes_any_score_a_suggestion_can_have(curator_client, queue):
    """A score sums the statement's and the teacher phrases' cosines, word matches, neighbour
    votes and a cited code: well above 2 for a confident suggestion, and the browser must let
    a curator type such a threshold."""
    params = services.DEFAULT_PARAMS
    highest = (
        params.statement_weight
        + params.phrase_weight
        + params.lexical_weight
        + params.neighbour_weight
        + params.mention_boost
    )
    body = curator_client.get(reverse("standards_suggestions")).content.decode()
    (box,) = re.findall(r'<input[^>]*name="min_score"[^>]*>', body)
    limit = re.search(r'\smax="([^"]*)"', box)
    assert limit is None or float(limit.group(1)) >= highest, box


def test_queue_needs_the_alignment_permission(client, queue):
    user = get_user_model().objects.create_user("t", password="pw")
    client.force_login(user)
    response = client.get(reverse("standards_suggestions"))
    assert response.status_code in (302, 403)
