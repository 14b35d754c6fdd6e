"""The derived-index outbox: rows written with the change, drained in batches, kept on failure
with backoff, never lost to a change that lands while its batch is being indexed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from catalog.materials import outbox
from catalog.materials.models import IndexOutbox, Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.worker_stop import clear_stop, request_stop

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TEST_INDEX = "test-index"

pytestmark = pytest.mark.django_db


def _record(n: int, **overrides) -> MaterialRecord:
    base = {
        "remote_id": f"outbox-{n}",
        "title": f"Fractions on a number line {n}",
        "url": f"https://example.org/outbox/{n}",
    }
    return MaterialRecord(**{**base, **overrides})


class Clock:
    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def consumer():
    """A second derived index next to search's "lexical": a handler that records its batches
    and fails while ``down`` is set."""

    class Index:
        batches: list[list[int]] = []
        down = False
        during = None  # called inside the handler: a change landing mid-batch

        def __call__(self, ids):
            if self.during:
                self.during(ids)
            if self.down:
                raise ConnectionError("index engine unreachable")
            self.batches.append(list(ids))

    index = Index()
    index.batches = []
    outbox.register_consumer(TEST_INDEX, index)
    yield index
    outbox._consumers.pop(TEST_INDEX, None)


def _rows(name=TEST_INDEX):
    return IndexOutbox.objects.filter(index=name).order_by("material_id")


def test_an_upsert_queues_its_material_for_every_index_in_its_transaction(consumer):
    material = material_upsert("src", _record(1)).material
    queued = IndexOutbox.objects.filter(material_id=material.pk)
    assert set(queued.values_list("index", flat=True)) >= {TEST_INDEX, "lexical"}


def test_a_rolled_back_change_leaves_no_row(consumer):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        material_upsert("src", _record(2))
        assert _rows().count() == 1  # written with the change, in its transaction
        raise Abort
    assert not Material.objects.filter(remote_id="outbox-2").exists()
    assert _rows().count() == 0


def test_a_material_changed_twice_is_queued_once_and_keeps_its_first_enqueue_time(consumer):
    outbox.outbox_record([7, 8], now=T0)
    outbox.outbox_record([8, 9], now=T0 + timedelta(minutes=5))
    rows = {r.material_id: r for r in _rows()}
    assert sorted(rows) == [7, 8, 9]
    assert rows[8].version == 2 and rows[8].enqueued_at == T0
    assert rows[9].version == 1 and rows[9].enqueued_at == T0 + timedelta(minutes=5)


def test_drain_hands_batches_to_the_handler_and_empties_the_queue(consumer):
    outbox.outbox_record(range(1, 8), now=T0)
    result = outbox.outbox_drain(TEST_INDEX, batch_size=3, clock=Clock(T0))
    assert consumer.batches == [[1, 2, 3], [4, 5, 6], [7]]
    assert (result.indexed, result.batches, result.failed) == (7, 3, 0)
    assert _rows().count() == 0


def test_a_failing_index_keeps_its_rows_and_backs_off_exponentially(consumer):
    outbox.outbox_record([1, 2], now=T0)
    consumer.down = True
    clock = Clock(T0)
    result = outbox.outbox_drain(TEST_INDEX, clock=clock)
    assert result.failed == 2 and "unreachable" in result.error
    rows = list(_rows())
    assert [(r.attempts, r.next_attempt_at) for r in rows] == [(1, T0 + timedelta(seconds=10))] * 2
    assert "ConnectionError: index engine unreachable" in rows[0].last_error

    assert outbox.outbox_drain(TEST_INDEX, clock=clock).batches == 0  # not due yet
    clock.now = T0 + timedelta(seconds=11)
    outbox.outbox_drain(TEST_INDEX, clock=clock)
    assert {(r.attempts, r.next_attempt_at) for r in _rows()} == {
        (2, clock.now + timedelta(seconds=20))
    }

    consumer.down = False
    clock.now += timedelta(seconds=21)
    assert outbox.outbox_drain(TEST_INDEX, clock=clock).indexed == 2
    assert _rows().count() == 0 and consumer.batches == [[1, 2]]


def test_a_change_queued_while_its_batch_is_indexed_is_not_lost(consumer):
    outbox.outbox_record([1, 2, 3], now=T0)

    def changed_again(ids):
        consumer.during = None
        outbox.outbox_record([2], now=T0 + timedelta(seconds=1))  # a writer, mid-batch

    consumer.during = changed_again
    first = outbox.outbox_drain(TEST_INDEX, max_batches=1, clock=Clock(T0))
    assert first.indexed == 3
    assert [(r.material_id, r.version) for r in _rows()] == [(2, 2)]
    outbox.outbox_drain(TEST_INDEX, clock=Clock(T0 + timedelta(seconds=1)))  # due at its change
    assert consumer.batches == [[1, 2, 3], [2]] and _rows().count() == 0


def test_two_drainers_at_once_index_each_material_once(consumer):
    """A second drainer (another worker, another harvest) skips the batch the first claimed."""
    outbox.outbox_record([1, 2, 3], now=T0)
    seen_by_second = []

    def second_drainer(ids):
        consumer.during = None
        seen_by_second.append(outbox.outbox_drain(TEST_INDEX, clock=Clock(T0)).indexed)

    consumer.during = second_drainer
    assert outbox.outbox_drain(TEST_INDEX, clock=Clock(T0)).indexed == 3
    assert seen_by_second == [0] and consumer.batches == [[1, 2, 3]]
    assert _rows().count() == 0


def test_a_drainer_that_dies_leaves_its_claim_to_the_next_when_the_lease_ends(consumer):
    outbox.outbox_record([1, 2], now=T0)

    def killed(ids):
        raise SystemExit("worker killed mid-batch")  # not a handler failure: no retry bookkeeping

    consumer.during = killed
    with pytest.raises(SystemExit):
        outbox.outbox_drain(TEST_INDEX, clock=Clock(T0))
    consumer.during = None
    assert outbox.outbox_drain(TEST_INDEX, clock=Clock(T0 + timedelta(seconds=60))).indexed == 0
    lease_over = T0 + timedelta(seconds=outbox.LEASE_SECONDS + 1)
    assert outbox.outbox_drain(TEST_INDEX, clock=Clock(lease_over)).indexed == 2
    assert consumer.batches == [[1, 2]] and _rows().count() == 0


def test_status_reports_depth_failures_and_the_age_of_the_oldest_row(consumer):
    outbox.outbox_record([1], now=T0)
    outbox.outbox_record([2, 3], now=T0 + timedelta(seconds=30))
    consumer.down = True
    outbox.outbox_drain(TEST_INDEX, batch_size=1, clock=Clock(T0 + timedelta(seconds=40)))
    status = outbox.outbox_status(clock=Clock(T0 + timedelta(seconds=90)))[TEST_INDEX]
    assert status["depth"] == 3
    assert status["oldest_age_seconds"] == 90.0 and status["oldest_enqueued_at"] == T0
    assert status["failing"] == 1 and status["max_attempts"] == 1
    assert "unreachable" in status["last_error"]


def test_backoff_doubles_up_to_an_hour():
    assert [outbox.backoff_seconds(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert outbox.backoff_seconds(50) == outbox.BACKOFF_MAX_SECONDS == 3600


def test_a_stopping_worker_ends_the_drain_between_batches_and_keeps_the_rest(consumer):
    outbox.outbox_record([1, 2, 3, 4], now=T0)

    def asked_to_stop(ids):
        request_stop()  # SIGTERM arrives while the first batch is indexed

    consumer.during = asked_to_stop
    try:
        result = outbox.outbox_drain(TEST_INDEX, batch_size=2, clock=Clock(T0))
    finally:
        clear_stop()
    assert (result.indexed, result.stopped) == (2, True)
    assert sorted(_rows().values_list("material_id", flat=True)) == [3, 4]
    consumer.during = None
    assert outbox.outbox_drain(TEST_INDEX, clock=Clock(T0)).indexed == 2
