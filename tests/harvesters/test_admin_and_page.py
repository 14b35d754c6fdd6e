"""The admin lists sources and runs (with errors); the material page lists every source."""

import pytest
from django.contrib.auth import get_user_model

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from harvesters.models import HarvestRun, RecordError
from harvesters.services import harvest_source_create

pytestmark = pytest.mark.django_db


def test_admin_lists_sources_and_shows_run_errors(client):
    admin = get_user_model().objects.create_superuser("op", "op@example.org", "pw")
    client.force_login(admin)
    source = harvest_source_create("oer-lom", "oai-pmh", "http://127.0.0.1:1/oai", every_hours=6)
    run = HarvestRun.objects.create(source=source, status="partial", seen=3, errors=1)
    RecordError.objects.create(run=run, stage="normalize", identifier="oai:x:1", message="no title")
    listing = client.get("/admin/snippets/harvesters/harvestsource/")
    assert listing.status_code == 200 and b"oer-lom" in listing.content
    assert b"partial" in listing.content
    inspect = client.get(f"/admin/snippets/harvesters/harvestrun/inspect/{run.pk}/")
    assert inspect.status_code == 200 and b"no title" in inspect.content
    assert (
        client.get(f"/admin/snippets/harvesters/harvestsource/edit/{source.pk}/").status_code == 200
    )


def test_material_page_lists_every_source(client):
    url = "https://example.org/lesson/1"
    material_upsert("repo-a", MaterialRecord(remote_id="a1", title="Lesson", url=url))
    material = material_upsert(
        "repo-b", MaterialRecord(remote_id="b1", title="Lesson", url=url.replace("https", "http"))
    ).material
    assert Material.objects.count() == 1
    page = client.get(material.get_absolute_url())
    assert page.status_code == 200  # the materials index page comes with the migrations
    assert b"Repo A" in page.content and b"Repo B" in page.content  # source keys, labelled


@pytest.fixture
def operator_client(client):
    admin = get_user_model().objects.create_superuser("op", "op@example.org", "pw")
    client.force_login(admin)
    return client


def test_runs_are_read_only_records_with_counts_and_errors(operator_client):
    client = operator_client
    source = harvest_source_create("oer-lom", "oai-pmh", "http://127.0.0.1:1/oai", every_hours=6)
    run = HarvestRun.objects.create(
        source=source, status="partial", seen=3, created=2, errors=1, warning="slow source"
    )
    RecordError.objects.create(run=run, stage="normalize", identifier="oai:x:1", message="no title")
    listing = client.get("/admin/snippets/harvesters/harvestrun/").content.decode()
    assert "/admin/snippets/harvesters/harvestrun/add/" not in listing
    assert f"/admin/snippets/harvesters/harvestrun/edit/{run.pk}/" not in listing
    assert f"/admin/snippets/harvesters/harvestrun/inspect/{run.pk}/" in listing
    assert client.get("/admin/snippets/harvesters/harvestrun/add/").status_code in (302, 403)
    edit = client.get(f"/admin/snippets/harvesters/harvestrun/edit/{run.pk}/")
    assert edit.status_code in (302, 403)
    inspect = client.get(f"/admin/snippets/harvesters/harvestrun/inspect/{run.pk}/")
    body = inspect.content.decode()
    assert "no title" in body and "oai:x:1" in body and "slow source" in body
    assert "<code>oai:x:1</code>" in body  # one table row per record error
    assert f"/admin/snippets/harvesters/harvestrun/edit/{run.pk}/" not in body


def test_sources_offer_run_now_dry_run_and_abort(operator_client):
    client = operator_client
    source = harvest_source_create("oer-lom", "oai-pmh", "http://127.0.0.1:1/oai", every_hours=6)
    listing = client.get("/admin/snippets/harvesters/harvestsource/").content.decode()
    for action in ("run-now", "dry-run", "abort"):
        assert f"/admin/harvesting/sources/{source.pk}/{action}/" in listing
    # Run now enqueues harvest_source_task (run at once by the test settings' backend): a run
    # of the source exists afterwards, in a final state.
    page = client.get(f"/admin/harvesting/sources/{source.pk}/run-now/")
    assert page.status_code == 200 and b"<form" in page.content
    assert not HarvestRun.objects.filter(source=source).exists()
    response = client.post(f"/admin/harvesting/sources/{source.pk}/run-now/")
    assert response.status_code == 302
    run = HarvestRun.objects.get(source=source)
    assert run.status in ("failed", "partial", "succeeded")
    # A dry run shows what a run would do, and writes nothing.
    response = client.post(f"/admin/harvesting/sources/{source.pk}/dry-run/")
    assert response.status_code == 200
    assert b"Dry run" in response.content and b"nothing was written" in response.content
    assert HarvestRun.objects.filter(source=source).count() == 1
    # Abort with nothing running says so.
    response = client.post(f"/admin/harvesting/sources/{source.pk}/abort/", follow=True)
    assert b"nothing to abort" in response.content.lower()
