"""Schedules: every N hours or a cron expression (UTC); bad expressions are clear errors."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from harvesters.models import HarvestSource
from harvesters.schedule import next_due, validate_cron
from harvesters.services import harvest_source_create

NOW = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)  # a Tuesday


def test_next_due_every_hours_and_cron():
    assert next_due(NOW, every_hours=6) == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert next_due(NOW, cron="0 3 * * *") == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert next_due(NOW, cron="*/15 * * * *") == datetime(2026, 11, 24, 3, 45, tzinfo=UTC)
    assert next_due(NOW, cron="0 2 * * sat") == datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    assert next_due(NOW) is None


@pytest.mark.parametrize("bad", ["61 * * * *", "0 3 * *", "every day", "0 25 * * *"])
def test_bad_cron_is_a_validation_error_that_says_why(bad):
    with pytest.raises(ValidationError, match="cron expression"):
        validate_cron(bad)


@pytest.mark.django_db
def test_a_source_has_one_schedule_not_two():
    with pytest.raises(ValidationError, match="not both"):
        harvest_source_create("both", "oai-pmh", "http://x", every_hours=6, cron="0 3 * * *")
    assert not HarvestSource.objects.exists()


@pytest.mark.django_db
def test_cron_source_from_the_cli_runs_when_due_then_waits_for_the_next_match(lom_server):
    out = StringIO()
    call_command(
        "harvest_source",
        "add",
        "nightly",
        "--type",
        "oai-pmh",
        "--url",
        lom_server.url,
        "--format",
        "lom",
        "--cron",
        "0 3 * * *",
        stdout=out,
    )
    source = HarvestSource.objects.get()
    assert source.cron == "0 3 * * *" and source.next_run_at is not None  # first run: at once
    runs = json.loads(_call("harvest", "--due", "--json"))
    assert [r["status"] for r in runs] == ["succeeded"]
    source.refresh_from_db()
    due = source.next_run_at.astimezone(UTC)
    assert (due.hour, due.minute, due.second) == (3, 0, 0)
    assert json.loads(_call("harvest", "--due", "--json")) == []


@pytest.mark.django_db
def test_cli_rejects_a_bad_cron_and_adds_nothing():
    with pytest.raises(CommandError, match="cron expression"):
        call_command(
            "harvest_source",
            "add",
            "x",
            "--type",
            "oai-pmh",
            "--url",
            "http://x",
            "--cron",
            "0 99 * * *",
        )
    assert not HarvestSource.objects.exists()


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()
