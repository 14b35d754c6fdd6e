"""Search as the "lexical" consumer of the catalog's index outbox, on the configured engine:
commits make search current, a dead engine keeps the ids queued, a rebuild drains what was
queued while it ran, status and /healthz report the lag."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from catalog.materials import outbox
from catalog.materials.models import IndexOutbox
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from search import indexing, service
from search.query import SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_down(live_search_index, tmp_path):
    """The same settings with an engine that really fails: a closed port, an unwritable path."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    config = {
        **live_search_index,
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",  # nothing listens on the discard port
        "FTS5_PATH": str(blocked / "index.sqlite3"),
        "TIMEOUT": 1,
    }
    with override_settings(OER_SEARCH=config):
        yield


def _record(n: int, title: str = "") -> MaterialRecord:
    return MaterialRecord(
        remote_id=f"outbox-search-{n}",
        title=title or f"Quokka habitats field guide {n}",
        url=f"https://example.org/quokka/{n}",
    )


def _found(words: str) -> list[int]:
    service.index_refresh()
    return [hit.id for hit in service.search(SearchQuery.build(words, per_page=50)).hits]


def _queued() -> list[IndexOutbox]:
    return list(IndexOutbox.objects.filter(index=indexing.LEXICAL).order_by("material_id"))


def test_a_commit_makes_the_change_searchable_and_empties_the_queue(
    live_search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material = material_upsert("src", _record(1)).material
    assert material.pk in _found("quokka habitats")
    assert _queued() == []


def test_with_index_on_change_off_ids_are_queued_until_a_drain(
    live_search_index, django_capture_on_commit_callbacks
):
    with (
        override_settings(OER_SEARCH={**live_search_index, "INDEX_ON_CHANGE": False}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        material = material_upsert("src", _record(2)).material
    assert [row.material_id for row in _queued()] == [material.pk]
    assert material.pk not in _found("quokka habitats")

    result = indexing.drain_until_empty()
    assert result.indexed == 1 and _queued() == []
    assert material.pk in _found("quokka habitats")


def test_an_engine_error_keeps_the_ids_queued_with_backoff(
    live_search_index, engine_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the save itself succeeds
        material = material_upsert("src", _record(3)).material
    # The commit's drain task already failed once; a drain at a fixed time fails again.
    (row,) = _queued()
    assert row.material_id == material.pk and row.attempts == 1 and row.last_error
    first_enqueued = row.enqueued_at
    later = row.next_attempt_at + timedelta(seconds=1)
    result = indexing.drain_until_empty(clock=lambda: later)
    assert result.failed == 1
    (row,) = _queued()
    assert row.attempts == 2 and row.next_attempt_at == later + timedelta(seconds=20)
    assert row.enqueued_at == first_enqueued  # the lag still counts from the first change


def test_the_engine_back_up_takes_the_kept_ids_in(
    live_search_index, django_capture_on_commit_callbacks
):
    blocked = {**live_search_index, "ELASTICSEARCH_URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    blocked["FTS5_PATH"] = "/proc/no-such-dir/index.sqlite3"
    with override_settings(OER_SEARCH=blocked), django_capture_on_commit_callbacks(execute=True):
        material = material_upsert("src", _record(4)).material
    assert [r.attempts for r in _queued()] == [1]
    call_command("search_index", "drain")  # an operator: now, backoff or not
    assert _queued() == [] and material.pk in _found("quokka habitats")


def test_a_change_queued_during_a_drain_is_indexed_too(live_search_index):
    with override_settings(OER_SEARCH={**live_search_index, "INDEX_ON_CHANGE": False}):
        material = material_upsert("src", _record(5)).material

    def index_while_an_editor_saves(ids):
        with override_settings(OER_SEARCH={**live_search_index, "INDEX_ON_CHANGE": False}):
            material_upsert("src", _record(5, title="Wombat burrows field guide"))
        indexing._index_batch(ids)

    # The real lexical handler, with a save landing between reading the batch and its delete.
    outbox.register_consumer(indexing.LEXICAL, index_while_an_editor_saves)
    try:
        outbox.outbox_drain(indexing.LEXICAL, max_batches=1)
    finally:
        indexing.connect()
    assert [(r.material_id, r.version) for r in _queued()] == [(material.pk, 2)]
    indexing.drain_until_empty()
    assert _queued() == [] and material.pk in _found("wombat burrows")


def test_a_rebuild_takes_in_what_was_queued_while_it_ran(live_search_index):
    quiet = {**live_search_index, "INDEX_ON_CHANGE": False}
    with override_settings(OER_SEARCH=quiet):
        material = material_upsert("src", _record(6)).material

    class SaveDuringBuild:
        """The rebuild's progress bar: a curator saves while documents are being written."""

        def update(self, n):
            with override_settings(OER_SEARCH=quiet):
                material_upsert("src", _record(6, title="Platypus rivers field guide"))

    service.index_rebuild(progress=SaveDuringBuild())
    assert _queued() == []
    assert material.pk in _found("platypus rivers")


def test_status_reports_queue_depth_and_age(live_search_index, capsys):
    then = timezone.now() - timedelta(hours=1)
    outbox.outbox_record([990001, 990002], now=then)
    info = service.index_status(clock=lambda: then + timedelta(seconds=75))
    assert info["queue"][indexing.LEXICAL]["depth"] == 2
    assert info["queue"][indexing.LEXICAL]["oldest_age_seconds"] == 75.0

    call_command("search_index", "status")
    captured = capsys.readouterr()
    status = json.loads(captured.out[captured.out.index("{") :])
    assert status["queue"]["lexical"]["depth"] == 2
    assert "lexical: 2 material(s) queued" in captured.err


def test_healthz_is_degraded_when_the_oldest_queued_change_is_too_old(live_search_index, client):
    assert client.get("/healthz").json()["status"] == "ok"
    outbox.outbox_record([990003], now=timezone.now() - timedelta(seconds=600))
    with override_settings(OER_INDEX_LAG_DEGRADED_SECONDS=300):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    lag = body["index_queue"]
    assert lag["ok"] is False and lag["threshold_seconds"] == 300
    assert lag["consumers"]["lexical"]["depth"] == 1
    assert lag["consumers"]["lexical"]["oldest_age_seconds"] >= 600
    with override_settings(OER_INDEX_LAG_DEGRADED_SECONDS=3600):
        assert client.get("/healthz").json()["status"] == "ok"
