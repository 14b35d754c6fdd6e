"""The harvest commands: add a source, harvest (json, dry run), abort, renormalize, due."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.materials.models import Material
from harvesters.models import HarvestRun, HarvestSource, RunStatus

pytestmark = pytest.mark.django_db


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _add(lom_server, name="oer-lom"):
    return _call(
        "harvest_source",
        "add",
        name,
        "--type",
        "oai-pmh",
        "--url",
        lom_server.url,
        "--format",
        "lom",
        "--every",
        "24",
    )


def test_add_then_harvest_json_then_nothing_new(lom_server):
    assert "added oer-lom" in _add(lom_server)
    source = HarvestSource.objects.get()
    assert (source.metadata_format, source.every_hours) == ("lom", 24)
    source.requests_per_second = 0
    source.save()
    summary = json.loads(_call("harvest", "--json", "oer-lom"))
    assert summary["status"] == "succeeded" and summary["created"] == 30
    assert summary["checkpoint"]["pages"] == 2
    full = json.loads(_call("harvest", "--json", "--full", "oer-lom"))
    assert (full["seen"], full["unchanged"], full["created"]) == (30, 30, 0)
    assert "oer-lom" in _call("harvest_source", "list")


def test_dry_run_prints_what_would_happen_and_writes_nothing(lom_server):
    _add(lom_server)
    out = _call("harvest", "--dry-run", "oer-lom")
    assert "would have:" in out and "created 30" in out
    assert Material.objects.count() == 0 and HarvestRun.objects.count() == 0


def test_due_runs_due_sources_and_schedules_the_next(lom_server):
    _add(lom_server)
    runs = json.loads(_call("harvest", "--due", "--json"))
    assert [r["status"] for r in runs] == ["succeeded"]
    source = HarvestSource.objects.get()
    assert source.next_run_at is not None
    assert json.loads(_call("harvest", "--due", "--json")) == []


def test_abort_closes_a_dead_run_and_renormalize_needs_no_network(lom_server):
    _add(lom_server)
    _call("harvest", "oer-lom")
    source = HarvestSource.objects.get()
    run = HarvestRun.objects.create(source=source, hostname="elsewhere", pid=1)
    run.heartbeat_at = run.heartbeat_at.replace(year=2000)
    run.save()
    _call("harvest", "--abort", "oer-lom")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    before = len(lom_server.requests)
    out = _call("harvest", "--renormalize", "oer-lom")
    assert "succeeded" in out and len(lom_server.requests) == before


def test_unknown_source_and_bad_type_are_command_errors():
    with pytest.raises(CommandError):
        _call("harvest", "nope")
    with pytest.raises((CommandError, SystemExit)):
        _call("harvest_source", "add", "x", "--type", "ftp", "--url", "http://x")


def test_background_queues_the_harvest_for_the_worker_and_runs_nothing_here(lom_server, settings):
    from django_tasks import task_backends

    from harvesters.tasks import harvest_source_task

    _add(lom_server)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert "oer-lom: harvest queued" in _call("harvest", "--background", "oer-lom")
    assert HarvestRun.objects.count() == 0
    (queued,) = [r for r in backend.results if r.task.func is harvest_source_task.func]
    outcome = queued.task.call(*queued.args)  # what the worker runs
    backend.clear()
    assert outcome["status"] == RunStatus.SUCCEEDED
    assert Material.objects.count() == 30
