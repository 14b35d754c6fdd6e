"""A run's lifecycle: the heartbeat moves while it waits, an abort and the deadline stop it
within seconds, and a run whose process is alive on this host is never declared stale."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from catalog.materials.models import Material
from catalog.worker_stop import clear_stop, request_stop
from harvesters.errors import AbortRequested, RunDeadlineExceeded
from harvesters.models import HarvestRun, HarvestSource, RunStatus
from harvesters.run_control import RunControl, StopRequested, max_run_seconds
from harvesters.services import (
    harvest_close_stale_runs,
    harvest_source_create,
    harvest_source_run,
    process_started,
    run_is_stale,
)
from harvesters.services.due import harvest_recover_stale_runs
from harvesters.services.runs import run_was_interrupted, stale_after
from harvesters.tasks import harvest_source_task

from .test_csv_rows import BY, HEADER, write_csv

pytestmark = pytest.mark.django_db

HOUR_AGO = timedelta(hours=1)


class FakeClock:
    """A monotonic clock the test moves by hand (``step`` seconds per reading if given)."""

    def __init__(self, step: float = 0.0):
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def source():
    return harvest_source_create("lifecycle", "csv", "/nonexistent.csv", every_hours=6)


def _running(source, **fields) -> HarvestRun:
    defaults = {
        "hostname": socket.gethostname(),
        "pid": os.getpid(),
        "heartbeat_at": timezone.now() - HOUR_AGO,
    }
    return HarvestRun.objects.create(source=source, **{**defaults, **fields})


@pytest.fixture
def other_process():
    """A live process on this host that is not the test process."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child
    child.kill()
    child.wait()


def test_a_live_process_on_this_host_is_not_stale_however_old_its_heartbeat(source, other_process):
    run = _running(source, pid=other_process.pid, pid_started=process_started(other_process.pid))
    assert not run_is_stale(run)
    assert harvest_close_stale_runs(source) == []
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_a_dead_process_is_stale_at_once(source, other_process):
    run = _running(source, pid=other_process.pid, heartbeat_at=timezone.now())
    other_process.kill()
    other_process.wait()
    assert run_is_stale(run)


def test_a_reused_pid_is_not_taken_for_the_run_s_process(source):
    started = process_started(os.getpid())
    if started is None:
        pytest.skip("no /proc on this system: a live pid counts as alive")
    run = _running(source, pid_started=started + 1)  # our pid, but another process's start
    assert run_is_stale(run)
    assert not run_is_stale(_running(source, pid_started=started))


def test_a_run_on_another_host_is_judged_by_its_heartbeat(source):
    assert run_is_stale(_running(source, hostname="elsewhere", pid=1))
    fresh = _running(source, hostname="elsewhere", pid=1, heartbeat_at=timezone.now())
    assert not run_is_stale(fresh)


def test_tick_moves_the_heartbeat_at_most_every_ten_seconds(source):
    run = _running(source)
    old = run.heartbeat_at
    clock = FakeClock()
    control = RunControl(run, deadline_seconds=None, clock=clock)
    clock.now += 9
    control.tick()
    run.refresh_from_db()
    assert run.heartbeat_at == old
    clock.now += 1
    control.tick()
    run.refresh_from_db()
    assert run.heartbeat_at > old + timedelta(minutes=59)


def test_tick_raises_within_two_seconds_of_an_abort(source):
    run = _running(source)
    clock = FakeClock()
    control = RunControl(run, deadline_seconds=None, clock=clock)
    HarvestRun.objects.filter(pk=run.pk).update(abort_requested=True)
    clock.now += 1
    control.tick()  # not looked at yet
    clock.now += 1
    with pytest.raises(AbortRequested):
        control.tick()


def test_tick_raises_at_the_deadline(source):
    run = _running(source)
    clock = FakeClock()
    control = RunControl(run, deadline_seconds=60, clock=clock)
    clock.now += 59.5
    control.tick()
    clock.now += 0.5
    with pytest.raises(RunDeadlineExceeded, match="60 s"):
        control.tick()


def test_the_deadline_is_a_source_setting_with_a_default():
    assert max_run_seconds(HarvestSource(config={})) == 6 * 3600
    assert max_run_seconds(HarvestSource(config={"max_run_seconds": 90})) == 90
    assert max_run_seconds(HarvestSource(config={"max_run_seconds": 0})) is None


def test_a_run_past_its_deadline_fails_and_is_retried_later(tmp_path):
    rows = [[f"https://example.org/r/{n}", f"R {n}", BY] for n in range(50)]
    path = write_csv(tmp_path, HEADER, rows)
    source = harvest_source_create(
        "slow", "csv", str(path), every_hours=6, config={"max_run_seconds": 20}
    )
    run = harvest_source_run(source, clock=FakeClock(step=1.0))  # one second per record
    assert run.status == RunStatus.FAILED
    assert "deadline of 20 s" in run.message
    source.refresh_from_db()
    assert source.running_run is None and source.consecutive_failures == 1
    assert source.next_run_at < timezone.now() + timedelta(hours=1)


def test_an_abort_from_another_process_stops_the_run_mid_feed(tmp_path):
    rows = [[f"https://example.org/r/{n}", f"R {n}", BY] for n in range(50)]
    source = harvest_source_create("abortable", "csv", str(write_csv(tmp_path, HEADER, rows)))
    readings = {"n": 0}

    def clock():
        readings["n"] += 1
        if readings["n"] == 10:  # an operator runs `manage.py harvest --abort` meanwhile
            HarvestRun.objects.filter(status=RunStatus.RUNNING).update(abort_requested=True)
        return float(readings["n"])

    run = harvest_source_run(source, clock=clock)
    assert run.status == RunStatus.FAILED and "aborted" in run.message
    assert run.seen == 0  # stopped before the first chunk was written


@pytest.fixture
def stop_flag():
    """A stop request of this process (what a task worker's SIGTERM sets), cleared after."""
    clear_stop()
    yield request_stop
    clear_stop()


def test_tick_raises_at_once_when_the_worker_is_asked_to_stop(source, stop_flag):
    control = RunControl(_running(source), deadline_seconds=None, clock=FakeClock())
    control.tick()
    stop_flag()
    with pytest.raises(StopRequested):
        control.tick()


def test_a_stopped_run_commits_what_it_holds_and_ends_resumable_not_failed(tmp_path, stop_flag):
    rows = [[f"https://example.org/s/{n}", f"S {n}", BY] for n in range(50)]
    path = write_csv(tmp_path, HEADER, rows)
    source = harvest_source_create("stopped", "csv", str(path), every_hours=6)
    readings = {"n": 0}

    def clock():  # the signal comes after 20 records, mid-chunk
        readings["n"] += 1
        if readings["n"] == 22:
            stop_flag()
        return float(readings["n"])

    run = harvest_source_run(source, clock=clock)
    assert run_was_interrupted(run), run.message
    assert run.status == RunStatus.INTERRUPTED  # the next run resumes from its checkpoint
    assert 0 < run.seen < 50
    assert Material.objects.filter(source_key="stopped").count() == run.seen  # committed
    source.refresh_from_db()
    assert source.running_run is None and source.consecutive_failures == 0


def test_a_dead_worker_on_another_host_is_recovered_once_its_heartbeat_is_stale(source):
    source_pk = source.pk
    beat = timezone.now() - HOUR_AGO
    run = _running(source, hostname="another-host", pid=4242, heartbeat_at=beat)
    fresh = beat + stale_after() - timedelta(seconds=1)
    stale = beat + stale_after() + timedelta(seconds=1)
    settings_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=settings_tasks):
        backend = task_backends["default"]
        backend.clear()
        assert harvest_recover_stale_runs(now=fresh) == []  # still beating, as far as we know
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING

        assert [r.pk for r in harvest_recover_stale_runs(now=stale)] == [run.pk]
        queued = [r.args for r in backend.results if r.task.func is harvest_source_task.func]
        assert queued == [[source_pk]]
        run.refresh_from_db()
        assert run.status == RunStatus.FAILED and "stale" in run.message
        source.refresh_from_db()
        assert source.running_run is None
        assert source.next_run_at > stale + timedelta(hours=1)  # claimed: not enqueued twice

        assert harvest_recover_stale_runs(now=stale) == []  # closed once, enqueued once
        backend.clear()


def test_recovering_a_dead_run_closes_its_task_row_and_queues_a_new_one(source):
    """A killed worker leaves its task-queue row "running"; recovery marks it failed (naming the
    run) and the resume is a new row, ready. Another source's running row is left alone."""
    other = harvest_source_create("lifecycle-other", "csv", "/nonexistent.csv", every_hours=6)
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):
        dead_row = DBTaskResult.objects.get(pk=harvest_source_task.enqueue(source.pk).id)
        dead_row.claim("worker-killed")
        busy_row = DBTaskResult.objects.get(pk=harvest_source_task.enqueue(other.pk).id)
        busy_row.claim("worker-alive")
        beat = timezone.now() - HOUR_AGO
        run = _running(source, hostname="another-host", pid=4242, heartbeat_at=beat)

        assert [r.pk for r in harvest_recover_stale_runs(now=beat + stale_after() * 2)] == [run.pk]

        dead_row.refresh_from_db()
        assert dead_row.status == TaskResultStatus.FAILED
        assert dead_row.exception_class_path == "harvesters.errors.WorkerDied"
        assert f"harvest run {run.pk}" in dead_row.traceback
        busy_row.refresh_from_db()
        assert busy_row.status == TaskResultStatus.RUNNING
        harvests = DBTaskResult.objects.filter(task_path=harvest_source_task.module_path)
        resumed = harvests.exclude(pk__in=[dead_row.pk, busy_row.pk]).get()
        assert resumed.status == TaskResultStatus.READY
        assert resumed.args_kwargs["args"] == [source.pk]
