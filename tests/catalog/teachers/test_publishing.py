"""Moderation pages and what a published adaptation becomes: a Material with its lineage on its
page and ``isBasedOn`` in its JSON-LD."""

import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from catalog.materials.selectors import material_list_active
from catalog.teachers import services
from catalog.teachers.models import AdaptationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(teacher, real):
    fork = services.adaptation_fork(teacher, real["by-sa"])
    services.adaptation_update(
        fork,
        title="Virtual reality in my library",
        description="For grade 8",
        grades=["8"],
        body="Stations",
        changes_summary="Added stations",
        license=fork.license,
    )
    services.adaptation_submit(fork)
    return fork


def test_not_in_the_catalog_until_approved(submitted, curator_client):
    assert not material_list_active().filter(source_key="teachers").exists()
    queue = curator_client.get("/moderation/")
    assert queue.status_code == 200 and b"Virtual reality in my library" in queue.content
    response = curator_client.post(f"/moderation/{submitted.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == AdaptationStatus.PUBLISHED
    material = material_list_active().get(source_key="teachers")
    assert material == submitted.published_material


def test_send_back_with_comment_is_shown_to_the_teacher(
    submitted, curator_client, ana, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            f"/moderation/{submitted.pk}/",
            {"decision": "send_back", "comment": "Cite the photos"},
        )
    assert len(mail.outbox) == 1 and "Cite the photos" in mail.outbox[0].body
    assert mail.outbox[0].to == ["ana@example.org"]
    submitted.refresh_from_db()
    assert submitted.status == AdaptationStatus.CHANGES_REQUESTED
    page = ana.get(f"/adaptations/{submitted.pk}/").content.decode()
    assert "Cite the photos" in page


def test_published_material_shows_lineage_and_is_based_on(submitted, curator, real, client):
    material = services.adaptation_approve(submitted, curator)
    assert client.get(material.get_absolute_url()).status_code == 200
    assert client.get(f"/adaptations/{submitted.pk}/").status_code == 200  # now public
    request = RequestFactory().get(material.get_absolute_url())
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = Template(
        "{% load teachers_tags %}{% material_actions material %}"
        "{% material_based_on_jsonld material %}"
    ).render(Context({"material": material, "request": request}))
    assert "Based on" in html and real["by-sa"].title in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["isBasedOn"][0]["name"] == real["by-sa"].title
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_material_actions_tag_on_regular_materials(real, teacher):
    from django.contrib.auth.models import AnonymousUser

    def render(material, user):
        request = RequestFactory().get(material.get_absolute_url())
        request.user = user
        return Template("{% load teachers_tags %}{% material_actions material %}").render(
            Context({"material": material, "request": request, "csrf_token": "t"})
        )

    html = render(real["by-sa"], teacher)
    assert ">Customize</button>" in html and "Save to collection" in html
    nd = render(real["by-nd"], teacher)
    assert ">Customize</button>" not in nd and "NoDerivatives" in nd and "can’t customize" in nd
    anon = render(real["by"], AnonymousUser())
    assert "Sign in to save or customize" in anon
    assert "material_based_on" not in html


def test_unversioned_share_alike_offers_no_customize(licenses, teacher):
    """ "CC BY-SA" without a version: which ShareAlike licenses it accepts is unknown."""
    from catalog.materials.records import MaterialRecord
    from catalog.materials.services import material_upsert

    material = material_upsert(
        "test",
        MaterialRecord(remote_id="sa-x", title="Old wiki page", license_raw="CC BY-SA"),
    ).material
    request = RequestFactory().get(material.get_absolute_url())
    request.user = teacher
    html = Template("{% load teachers_tags %}{% material_actions material %}").render(
        Context({"material": material, "request": request, "csrf_token": "t"})
    )
    assert ">Customize</button>" not in html and "can’t customize" in html
    with pytest.raises(services.AdaptationRefused):
        services.adaptation_fork(teacher, material)
