"""The demo approved list, published through the list services on real PhET records."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.lists.demo import DEMO_LIST_SLUG, REVIEWER, demo_list_materials, demo_list_publish
from catalog.lists.membership import memberships
from catalog.lists.models import ApprovedListPage, EntryStage, ListEntry, ListVersion
from catalog.materials.grades import grade_range

from .conftest import ensure_migrated_data


@pytest.fixture
def phet_materials(db, licenses, roles, shared_data):
    """Thirty real PhET simulations upserted as the demo's PhET source writes them."""
    from catalog.materials.services import material_upsert
    from harvesters.normalizers import phet

    ensure_migrated_data()
    page = json.loads((shared_data / "oer-metadata/phet/phet_data.json").read_text("utf-8"))
    out = []
    for project in page["projects"][:30]:
        record = phet.normalize(json.dumps(phet.with_page_context(project, page)).encode())
        out.append(material_upsert("phet-demo", record).material)
    return out


def test_demo_list_is_nominated_reviewed_approved_and_published(phet_materials, client):
    result = demo_list_publish()

    page = ApprovedListPage.objects.get(slug=DEMO_LIST_SLUG)
    assert page.live and result["published_version"] == 1
    chosen = demo_list_materials()
    assert 0 < len(chosen) == result["approved"] == result["materials"]
    for material in chosen:
        low, high = grade_range(material.grades)
        assert low <= 8 and high >= 6
    entries = ListEntry.objects.filter(list_page=page)
    assert {e.material_id for e in entries} == {m.pk for m in chosen}
    for entry in entries:
        assert entry.stage == EntryStage.DECIDED and entry.decision == "approved"
        review = entry.reviews.get()
        assert review.reviewer.username == REVIEWER and review.status == "submitted"
        assert review.scores.count() == 8  # every Achieve rubric, I–VIII
        assert entry.decided_by.username == "demo-list-curator"
    version = ListVersion.objects.get(list_page=page)
    assert set(version.material_ids) == {m.pk for m in chosen}
    # Material pages and search read the badge from here.
    on_list = memberships([m.pk for m in phet_materials])
    assert set(on_list) == {m.pk for m in chosen}

    api = client.get("/api/v1/lists").json()
    assert "Middle school science simulations" in json.dumps(api)
    assert "Middle school science simulations" in client.get("/lists/").text
    # The scripted accounts cannot sign in.
    for user in get_user_model().objects.filter(username__in=[REVIEWER, "demo-list-curator"]):
        assert not user.has_usable_password() and not user.email


def test_demo_list_rerun_changes_nothing(phet_materials):
    call_command("demo_list", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = (
        list(ListEntry.objects.values_list("pk", "stage", "decision", "updated_at")),
        list(ListVersion.objects.values_list("pk", "number")),
        ApprovedListPage.objects.get(slug=DEMO_LIST_SLUG).latest_revision_id,
    )
    again = demo_list_publish()
    after = (
        list(ListEntry.objects.values_list("pk", "stage", "decision", "updated_at")),
        list(ListVersion.objects.values_list("pk", "number")),
        ApprovedListPage.objects.get(slug=DEMO_LIST_SLUG).latest_revision_id,
    )
    assert again["approved"] == 0 and again["published_version"] is None
    assert after == before and ApprovedListPage.objects.filter(slug=DEMO_LIST_SLUG).count() == 1


def test_demo_list_without_phet_records_publishes_nothing(roles):
    result = demo_list_publish()
    assert result["materials"] == 0 and result["latest_version"] is None
    assert not ListVersion.objects.exists()
