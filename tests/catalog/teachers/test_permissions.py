"""Every forbidden path, tried and refused: another teacher's private collection, items,
drafts, forks and upstream changes by URL; anonymous writes; teachers moderating."""

import pytest

from catalog.teachers import services
from catalog.teachers.models import Adaptation, CollectionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def anas_things(teacher, real):
    private = services.collection_create(teacher, title="Private unit")
    item = services.collection_add_material(private, real["by"], "secret note")
    fork = services.adaptation_fork(teacher, real["by-sa"])
    services.adaptation_update(
        fork,
        title="Ana's draft",
        description="",
        grades=[],
        body="draft body",
        changes_summary="x",
        license=fork.license,
    )
    return {"private": private, "item": item, "fork": fork}


def _reads(things):
    c, fork = things["private"], things["fork"]
    return [
        c.get_absolute_url(),
        f"/collections/{c.token}/export.csv",
        f"/collections/{c.token}/export.jsonld",
        f"/adaptations/{fork.pk}/",
        f"/adaptations/{fork.pk}/jsonld",
    ]


def _writes(things):
    c, item, fork = things["private"], things["item"], things["fork"]
    return [
        (f"/collections/{c.token}/edit/", {"title": "pwned", "visibility": "public"}),
        (f"/collections/{c.token}/delete/", {}),
        (f"/collections/{c.token}/items/{item.pk}/note/", {"note": "pwned"}),
        (f"/collections/{c.token}/items/{item.pk}/remove/", {}),
        (f"/collections/{c.token}/items/{item.pk}/up/", {}),
        (f"/adaptations/{fork.pk}/edit/", {"title": "pwned", "license": str(fork.license_id)}),
        (f"/adaptations/{fork.pk}/submit/", {}),
        (f"/adaptations/{fork.pk}/delete/", {}),
    ]


def _unchanged(things):
    c, item, fork = things["private"], things["item"], things["fork"]
    c.refresh_from_db()
    fork.refresh_from_db()
    assert c.title == "Private unit" and c.visibility == "private"
    assert CollectionItem.objects.get(pk=item.pk).note == "secret note"
    assert fork.title == "Ana's draft" and fork.status == "draft"


def test_another_teacher_gets_404_on_every_read_and_write(ben_client, anas_things):
    for url in _reads(anas_things):
        assert ben_client.get(url).status_code == 404, url
    for url, data in _writes(anas_things):
        assert ben_client.get(url).status_code in (404, 405), url
        assert ben_client.post(url, data).status_code == 404, url
    _unchanged(anas_things)


def test_anonymous_visitors_are_refused_too(client, anas_things):
    for url in _reads(anas_things):
        assert client.get(url).status_code == 404, url
    for url, data in _writes(anas_things):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    _unchanged(anas_things)


def test_upstream_changes_of_another_teacher_cannot_be_pulled(
    ben_client, anas_things, real, django_capture_on_commit_callbacks
):
    import dataclasses

    from catalog.materials.services import material_upsert
    from harvesters.demo import DEMO_SOURCE_KEY

    from .test_services import _record_of

    source = real["by-sa"]
    with django_capture_on_commit_callbacks(execute=True):
        material_upsert(
            DEMO_SOURCE_KEY, dataclasses.replace(_record_of(source), title="Changed upstream")
        )
    fork = anas_things["fork"]
    change = fork.sources.get().changes.get(field="title")
    for action in ("pull", "dismiss"):
        url = f"/adaptations/{fork.pk}/changes/{change.pk}/{action}/"
        assert ben_client.post(url).status_code == 404
    change.refresh_from_db()
    assert change.state == "pending"


def test_a_teacher_cannot_save_into_another_teachers_collection(ben_client, anas_things, real):
    c = anas_things["private"]
    response = ben_client.post(
        f"/save/{real['by-nc'].slug}/", {"collection": str(c.token), "note": ""}
    )
    assert response.status_code == 200  # the form refuses an unknown choice
    assert c.items.count() == 1


def test_teachers_cannot_moderate(ben_client, anas_things, teacher):
    fork = anas_things["fork"]
    services.adaptation_submit(fork)
    assert ben_client.get("/moderation/").status_code == 403
    response = ben_client.post(f"/moderation/{fork.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    # the author may not approve their own work either
    from django.test import Client

    own = Client()
    own.force_login(teacher)
    assert own.post(f"/moderation/{fork.pk}/", {"decision": "approve"}).status_code == 403
    fork.refresh_from_db()
    assert fork.status == "submitted" and fork.published_material is None


def test_submitted_work_is_visible_to_curators_but_not_other_teachers(
    curator_client, ben_client, anas_things
):
    fork = anas_things["fork"]
    assert curator_client.get(f"/adaptations/{fork.pk}/").status_code == 404  # still a draft
    services.adaptation_submit(fork)
    assert curator_client.get(f"/adaptations/{fork.pk}/").status_code == 200
    assert ben_client.get(f"/adaptations/{fork.pk}/").status_code == 404
    # curators read it but do not edit it
    assert curator_client.post(f"/adaptations/{fork.pk}/edit/", {"title": "x"}).status_code == 404


def test_published_material_cannot_be_deleted_by_its_author(ana, anas_things, curator):
    fork = anas_things["fork"]
    services.adaptation_submit(fork)
    services.adaptation_approve(fork, curator)
    ana.post(f"/adaptations/{fork.pk}/delete/")
    assert Adaptation.objects.filter(pk=fork.pk).exists()
