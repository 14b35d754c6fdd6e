"""The scheduler only enqueues: one background task per due source, never twice, so a slow
source never holds the others up; a failed run is retried with a growing wait."""

import os
import socket
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from harvesters.models import HarvestRun, HarvestSource, RunStatus
from harvesters.schedule import retry_due
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.services.due import harvest_enqueue_due
from harvesters.tasks import harvest_source_task

from .test_csv_rows import BY, HEADER, write_csv

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)


class Queue:
    """The harvest tasks a dummy backend holds (Wagtail enqueues its own tasks there too)."""

    def __init__(self, backend):
        self.backend = backend

    @property
    def results(self):
        return [r for r in self.backend.results if r.task.func is harvest_source_task.func]


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield Queue(backend)
    backend.clear()


def _sheet(tmp_path, name):
    rows = [[f"https://example.org/{name}/{n}", f"{name} {n}", BY] for n in range(3)]
    return str(write_csv(tmp_path, HEADER, rows, name=f"{name}.csv"))


def test_each_due_source_is_enqueued_once_and_nothing_runs_in_the_scheduler(tmp_path, dummy_tasks):
    due = [harvest_source_create(n, "csv", _sheet(tmp_path, n), every_hours=6) for n in "ab"]
    later = harvest_source_create("later", "csv", _sheet(tmp_path, "later"), every_hours=6)
    HarvestSource.objects.filter(pk=later.pk).update(
        next_run_at=timezone.now() + timedelta(hours=1)
    )
    harvest_source_create("off", "csv", _sheet(tmp_path, "off"), every_hours=6, enabled=False)

    enqueued = harvest_enqueue_due()
    assert sorted(s.name for s in enqueued) == ["a", "b"]
    assert sorted(r.args[0] for r in dummy_tasks.results) == sorted(s.pk for s in due)
    assert not HarvestRun.objects.exists()  # the scheduler ran nothing itself
    assert harvest_enqueue_due() == []  # claimed: not enqueued again
    for source in HarvestSource.objects.filter(name__in="ab"):
        assert source.next_run_at > timezone.now() + timedelta(hours=6)


def test_a_busy_source_does_not_hold_up_the_next_one(tmp_path, dummy_tasks):
    stuck = harvest_source_create("stuck", "csv", _sheet(tmp_path, "stuck"), every_hours=6)
    other = harvest_source_create("other", "csv", _sheet(tmp_path, "other"), every_hours=6)
    live = HarvestRun.objects.create(  # a live run of this very process, waiting on a server
        source=stuck, hostname=socket.gethostname(), pid=os.getpid()
    )
    HarvestSource.objects.filter(pk=stuck.pk).update(running_run=live)
    harvest_enqueue_due()
    outcomes = [r.task.call(*r.args) for r in dummy_tasks.results]
    by_name = {o["source"]: o["status"] for o in outcomes if o}
    assert by_name == {"other": RunStatus.SUCCEEDED}
    assert HarvestRun.objects.get(source=other).status == RunStatus.SUCCEEDED
    assert HarvestRun.objects.get(source=stuck).pk == live.pk  # untouched, still running


def test_the_scheduler_command_runs_due_sources_through_the_task_backend(tmp_path):
    harvest_source_create("nightly", "csv", _sheet(tmp_path, "nightly"), cron="0 3 * * *")
    out = StringIO()
    call_command("harvest_scheduler", "--once", stdout=out)  # test settings: ImmediateBackend
    assert "nightly: enqueued" in out.getvalue()
    run = HarvestRun.objects.get()
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 3)


def test_retry_waits_double_and_stop_at_the_source_interval():
    waits = [retry_due(NOW, n, every_hours=6) - NOW for n in range(1, 9)]
    minutes = [w.total_seconds() / 60 for w in waits]
    assert minutes == [5, 10, 20, 40, 80, 160, 320, 360]
    assert retry_due(NOW, 12, cron="0 4 * * *") == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)
    assert retry_due(NOW, 1) is None  # no schedule, no retry


def test_failed_runs_back_off_and_a_success_resets_the_count(tmp_path):
    missing = tmp_path / "later.csv"
    source = harvest_source_create("flaky", "csv", str(missing), every_hours=6)
    for failures in (1, 2, 3):
        before = timezone.now()
        run = harvest_source_run(source)
        assert run.status == RunStatus.FAILED
        source.refresh_from_db()
        assert source.consecutive_failures == failures
        wait = source.next_run_at - before
        assert timedelta(minutes=5 * 2 ** (failures - 1)) <= wait
        assert wait < timedelta(minutes=5 * 2 ** (failures - 1) + 1)
    write_csv(tmp_path, HEADER, [["https://example.org/x", "X", BY]], name="later.csv")
    assert harvest_source_run(source).status == RunStatus.SUCCEEDED
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.next_run_at > timezone.now() + timedelta(hours=5)
