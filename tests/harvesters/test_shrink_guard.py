"""A complete run that lists far fewer records than the source is known to have (an empty
but well-formed feed, say) withdraws nothing until an operator confirms the shrink."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.materials.models import Material, MaterialStatus
from harvesters.models import HarvestSource, RunStatus
from harvesters.services import harvest_source_create, harvest_source_run

from .test_csv_rows import BY, HEADER, write_csv

pytestmark = pytest.mark.django_db


def _feed(tmp_path, count):
    rows = [[f"https://example.org/r/{n}", f"Lesson {n}", BY] for n in range(count)]
    return write_csv(tmp_path, HEADER, rows, name="feed.csv")


def _live():
    return Material.objects.exclude(status=MaterialStatus.WITHDRAWN).count()


def test_empty_feeds_withdraw_nothing_until_an_operator_confirms(tmp_path):
    path = _feed(tmp_path, 10)
    source = harvest_source_create("shrinking", "csv", str(path))
    assert harvest_source_run(source).created == 10
    _feed(tmp_path, 0)  # the export is suddenly empty (headers only)
    for _ in range(source.missing_runs_to_withdraw + 1):
        run = harvest_source_run(source)
        assert run.status == RunStatus.PARTIAL and run.withdrawn == 0
        assert "listed 0 of the 10 records" in run.warning
    assert _live() == 10
    source.refresh_from_db()
    assert "confirm the shrink" in source.attention()

    out = StringIO()
    call_command("harvest", "--confirm-shrink", "shrinking", stdout=out)
    assert "may withdraw" in out.getvalue()
    source.refresh_from_db()
    assert source.shrink_confirmed_by and source.shrink_confirmed_at
    runs = [harvest_source_run(source) for _ in range(source.missing_runs_to_withdraw)]
    assert [r.withdrawn for r in runs] == [0] * (len(runs) - 1) + [10]
    assert all(r.status == RunStatus.SUCCEEDED and "confirmed" in r.message for r in runs)
    assert _live() == 0
    harvest_source_run(source)  # the source is now known to be empty: nothing to hold
    assert HarvestSource.objects.get().shrink_warning == ""


def test_a_run_below_the_ratio_is_held_and_one_above_it_is_not(tmp_path):
    source = harvest_source_create(
        "ratio", "csv", str(_feed(tmp_path, 10)), missing_runs_to_withdraw=1
    )
    harvest_source_run(source)
    _feed(tmp_path, 4)
    held = harvest_source_run(source)
    assert (held.status, held.withdrawn) == (RunStatus.PARTIAL, 0) and held.warning
    _feed(tmp_path, 6)
    fine = harvest_source_run(source)
    assert (fine.status, fine.withdrawn, fine.warning) == (RunStatus.SUCCEEDED, 4, "")
    assert _live() == 6
    assert HarvestSource.objects.get().shrink_warning == ""


def test_nothing_to_confirm_is_an_error():
    harvest_source_create("calm", "csv", "/nonexistent.csv")
    with pytest.raises(CommandError, match="no held withdrawals"):
        call_command("harvest", "--confirm-shrink", "calm")


def test_the_admin_shows_held_withdrawals_and_confirms_them(tmp_path, client):
    client.force_login(get_user_model().objects.create_superuser("op", "op@example.org", "pw"))
    source = harvest_source_create("shrunk", "csv", str(_feed(tmp_path, 10)))
    harvest_source_run(source)
    _feed(tmp_path, 0)
    harvest_source_run(source)

    sources = client.get("/admin/snippets/harvesters/harvestsource/").content.decode()
    assert "listed 0 of the 10 records" in sources and "Confirm shrink" in sources
    runs = client.get("/admin/snippets/harvesters/harvestrun/").content.decode()
    assert "listed 0 of the 10 records" in runs
    confirm = f"/admin/harvesting/sources/{source.pk}/confirm-shrink/"
    assert "listed 0 of the 10 records" in client.get(confirm).content.decode()
    assert client.post(confirm).status_code == 302
    source.refresh_from_db()
    assert source.shrink_confirmed_by == "op" and source.shrink_confirmation_pending
    sources = client.get("/admin/snippets/harvesters/harvestsource/").content.decode()
    assert "Confirm shrink" not in sources and "shrink confirmed" in sources
