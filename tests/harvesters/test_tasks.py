"""Harvests on real task workers (``manage.py task_worker`` subprocesses, the database task
backend, a replay server): SIGTERM stops a worker after it commits what it holds and the
next worker resumes the run; a SIGKILLed worker's run is found stale and resumed; two
workers harvest two sources at once and never the same source twice."""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from catalog.materials.models import Material
from harvesters.models import HarvestRun, HarvestSource, RawRecord, RunStatus
from harvesters.services.runs import run_was_interrupted
from harvesters.services.sources import harvest_source_create
from harvesters.tasks import harvest_source_task
from harvesters.testing.replay import ReplayServer

from .workers import finish, serve_feed, start_worker, wait_for, worker_log

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES, PER_PAGE = 3, 40
HELD = 120.0  # the longest a held page waits for its release


@pytest.fixture
def db_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def workers():
    """The worker processes a test starts, killed at its end if still running."""
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


class HeldServer(ReplayServer):
    """Holds every request for the second list page until ``release()``: the worker is
    surely mid-harvest when the test signals it, whatever the machine's speed."""

    def __init__(self):
        super().__init__()
        self.released = threading.Event()
        self.held_token = ""

    def release(self) -> None:
        self.released.set()

    def _handle(self, handler):
        params = dict(parse_qsl(urlsplit(handler.path).query))
        if self.held_token and params.get("resumptionToken") == self.held_token:
            self.released.wait(timeout=HELD)
        super()._handle(handler)


def _held_feed(server: HeldServer, name: str) -> list[str]:
    tokens = serve_feed(server, name, pages=PAGES, per_page=PER_PAGE)
    server.held_token = tokens[0]
    return tokens


def _first_page_committed(source):
    def check():
        run = HarvestRun.objects.filter(source=source).first()
        if run and run.checkpoint.get("token") and run.seen >= PER_PAGE:
            return run
        return None

    return check


def _resumed(run):
    """The run that resumed ``run``, once it has ended (None before)."""

    def check():
        return HarvestRun.objects.filter(resumed_from=run).exclude(status=RunStatus.RUNNING).first()

    return check


@dataclass
class MidHarvest:
    """A harvest a worker is in the middle of, and an idle worker beside it."""

    server: HeldServer
    tokens: list[str]
    source: HarvestSource
    run: HarvestRun
    busy: subprocess.Popen
    idle: subprocess.Popen


@contextmanager
def _mid_harvest(
    log_dir: Path, workers: list[subprocess.Popen], name: str, busy: str, idle: str
) -> Iterator[MidHarvest]:
    """The source ``name`` harvested by the worker ``busy``, its first page committed and its
    second held; the worker ``idle`` started beside it, waiting for a task."""
    with HeldServer() as server:
        tokens = _held_feed(server, name)
        source = harvest_source_create(name, "oai-pmh", server.url, metadata_format="lom")
        harvest_source_task.enqueue(source.pk)
        busy_worker = start_worker(log_dir, busy)
        workers.append(busy_worker)
        run = wait_for(_first_page_committed(source), "the first page to be committed")
        idle_worker = start_worker(log_dir, idle)
        workers.append(idle_worker)
        yield MidHarvest(server, tokens, source, run, busy_worker, idle_worker)


def _resumed_by_idle(harvest: MidHarvest, log_dir: Path, idle: str) -> HarvestRun:
    """Release the held page and return the run the idle worker resumed and finished, once
    that worker has stopped cleanly on SIGTERM."""
    harvest.server.release()
    resumed = wait_for(_resumed(harvest.run), "the idle worker to finish the run")
    harvest.idle.send_signal(signal.SIGTERM)
    assert finish(harvest.idle, log_dir, idle) == 0, worker_log(log_dir, idle)
    return resumed


def _harvested(source) -> tuple[int, int]:
    """(materials, distinct remote ids) of the source."""
    materials = Material.objects.filter(source_key=source.name)
    return materials.count(), materials.values("remote_id").distinct().count()


def test_sigterm_commits_the_chunk_ends_the_run_resumably_and_the_next_worker_resumes(
    tmp_path, db_task_backend, workers
):
    with _mid_harvest(tmp_path, workers, "term", "first", "second") as harvest:
        run, source = harvest.run, harvest.source
        harvest.busy.send_signal(signal.SIGTERM)
        status = finish(harvest.busy, tmp_path, "first")
        assert status == 0, worker_log(tmp_path, "first")

        run.refresh_from_db()
        assert run_was_interrupted(run), run.message
        assert run.checkpoint["token"] == harvest.tokens[0]  # page 1 done: resume at page 2
        assert run.seen == PER_PAGE
        assert _harvested(source) == (PER_PAGE, PER_PAGE)  # committed records are kept
        source.refresh_from_db()
        assert source.running_run_id != run.pk and source.consecutive_failures == 0
        tasks = DBTaskResult.objects.filter(task_path__endswith="harvest_source_task")
        interrupted, requeued = tasks.order_by("enqueued_at")
        assert interrupted.return_value["status"] == "interrupted"
        assert requeued.args_kwargs["args"] == [source.pk]  # enqueued again for a worker

        resumed = _resumed_by_idle(harvest, tmp_path, "second")

    assert resumed.status == RunStatus.SUCCEEDED, resumed.message
    assert resumed.pid == harvest.idle.pid
    assert resumed.seen == (PAGES - 1) * PER_PAGE  # page 1 was not listed again
    assert _harvested(source) == (PAGES * PER_PAGE, PAGES * PER_PAGE)
    assert RawRecord.objects.filter(source=source).count() == PAGES * PER_PAGE
    requests = harvest.server.requests
    firsts = [r for r in requests if r["params"].get("metadataPrefix") == "lom"]
    assert len(firsts) == 1  # only the first run asked for page 1


def test_a_killed_worker_s_run_is_found_stale_and_another_worker_resumes_it(
    tmp_path, db_task_backend, workers
):
    with _mid_harvest(tmp_path, workers, "kill", "doomed", "rescuer") as harvest:
        run, source = harvest.run, harvest.source
        harvest.busy.send_signal(signal.SIGKILL)
        assert finish(harvest.busy, tmp_path, "doomed") == -signal.SIGKILL

        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING  # nobody closed it: the process is gone
        assert _harvested(source) == (PER_PAGE, PER_PAGE)

        call_command("harvest_scheduler", "--once")  # its tick finds the run and re-enqueues
        run.refresh_from_db()
        assert run.status == RunStatus.FAILED and "stale" in run.message
        assert run.checkpoint["token"] == harvest.tokens[0]

        resumed = _resumed_by_idle(harvest, tmp_path, "rescuer")

    assert resumed.status == RunStatus.SUCCEEDED, resumed.message
    assert resumed.pid == harvest.idle.pid
    assert _harvested(source) == (PAGES * PER_PAGE, PAGES * PER_PAGE)


class GatedServer(ReplayServer):
    """Serves a source's second list page only once the partner server has been asked for a
    list page: two sources harvested one after the other would wait here, and fail."""

    def __init__(self):
        super().__init__()
        self.listing = threading.Event()
        self.partner: GatedServer | None = None

    def _handle(self, handler):
        params = dict(parse_qsl(urlsplit(handler.path).query))
        if params.get("verb") == "ListRecords":
            self.listing.set()
            if "resumptionToken" in params:
                self.partner.listing.wait(timeout=HELD)
        super()._handle(handler)


def test_two_workers_harvest_two_sources_at_once_and_never_one_source_twice(
    tmp_path, db_task_backend, workers
):
    with GatedServer() as first, GatedServer() as second:
        first.partner, second.partner = second, first
        serve_feed(first, "left", pages=2, per_page=20)
        serve_feed(second, "right", pages=2, per_page=20)
        left = harvest_source_create("left", "oai-pmh", first.url, metadata_format="lom")
        right = harvest_source_create("right", "oai-pmh", second.url, metadata_format="lom")
        for source in (left, left, right):  # the second "left" comes while left is running
            harvest_source_task.enqueue(source.pk)

        for label in ("one", "two"):
            workers.append(start_worker(tmp_path, label, "--batch"))
        for process, label in zip(workers, ("one", "two"), strict=True):
            assert finish(process, tmp_path, label) == 0, worker_log(tmp_path, label)

    runs = {r.source.name: r for r in HarvestRun.objects.select_related("source")}
    assert HarvestRun.objects.count() == 2  # one run per source: the second enqueue ran none
    a, b = runs["left"], runs["right"]
    assert (a.status, b.status) == (RunStatus.SUCCEEDED, RunStatus.SUCCEEDED)
    assert a.started_at < b.finished_at and b.started_at < a.finished_at  # at the same time
    assert a.pid != b.pid
    outcomes = sorted(
        (r.return_value or {}).get("status", "busy")
        for r in DBTaskResult.objects.filter(task_path__endswith="harvest_source_task")
    )
    assert outcomes == ["busy", RunStatus.SUCCEEDED, RunStatus.SUCCEEDED]
    assert _harvested(left) == (40, 40) and _harvested(right) == (40, 40)
