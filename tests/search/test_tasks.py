"""Search's background tasks: ``search_index rebuild --background`` queues the rebuild for the
task worker, and the worker's run of it builds the same index the command builds here."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks import task_backends

from catalog.materials.records import MaterialRecord
from catalog.materials.services.upsert import material_upsert
from catalog.worker_stop import clear_stop, request_stop
from search import service
from search.consumers import LEXICAL
from search.tasks import drain_index_outbox, rebuild_index_task

pytestmark = pytest.mark.django_db


def _three_materials(source: str, title: str, url: str) -> None:
    for n in range(3):
        record = MaterialRecord(remote_id=f"{source}-{n}", title=f"{title} {n}", url=f"{url}{n}")
        material_upsert(source, record)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend
    backend.clear()


def test_rebuild_in_the_background_is_queued_and_the_worker_s_run_builds_the_index(
    own_catalog, own_search_index, queue
):
    _three_materials("background-rebuild", "Background rebuild", "https://example.org/")
    out = StringIO()
    call_command("search_index", "rebuild", "--background", stdout=out)
    assert "rebuild queued for the task worker" in out.getvalue()
    (queued,) = [r for r in queue.results if r.task.func is rebuild_index_task.func]
    assert not service.index_status()["in_sync"]  # nothing was built here

    outcome = queued.task.call(*queued.args, **queued.kwargs)  # what the worker runs
    assert outcome["index"]
    status = service.index_status()
    assert status["in_sync"] and status["documents"] == 3


def test_a_drain_stopped_by_its_worker_enqueues_the_rest_for_the_next(
    own_catalog, own_search_index, queue
):
    _three_materials("stopped-drain", "Stopped drain", "https://example.org/s/")
    queue.clear()
    request_stop()  # SIGTERM reached the worker before the drain's first batch
    try:
        outcome = drain_index_outbox.call(LEXICAL)
    finally:
        clear_stop()
    assert (outcome["indexed"], outcome["stopped"]) == (0, True)
    (again,) = [r for r in queue.results if r.task.func is drain_index_outbox.func]
    assert again.args == [LEXICAL]  # the next worker takes in the rest
    assert again.task.call(*again.args)["indexed"] == 3
