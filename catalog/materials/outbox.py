"""The derived-index outbox: which materials each derived index still has to take in.

A derived index (search's "lexical" index; an "embeddings" index later) registers itself as a
*consumer* with a batch handler. Every catalog change records the changed ids for every
consumer in the same transaction as the change (``outbox_record``, called by
``announce_materials_changed``), so a committed change is never lost: a crash after the
commit, a dead engine or a failed batch leaves the rows, and the next drain takes them in.

``outbox_drain`` hands due rows to the consumer's handler in batches and deletes them only
after the handler returned. A handler that raises leaves its rows with ``attempts`` + 1 and
``next_attempt_at`` pushed back exponentially. A material changed again while its batch was
being indexed has a higher ``version`` than the one read, so its row survives the delete and is
indexed again. ``catalog`` never imports its consumers: they register from their AppConfig.

Several drainers may run at once (every task worker, every harvest's background drainer). A
drainer *claims* its batch before handing it over: a conditional update moves the rows'
``next_attempt_at`` to a lease end unique to that claim, and only the rows that carry it are
the drainer's. The others skip them while the lease runs, so N drainers index each material
once, not N times; a drainer that dies leaves its rows to be taken again when the lease ends.
A change to a claimed material makes its row due again at once (its version went up).
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from ..worker_stop import stop_requested
from .models import IndexOutbox

log = logging.getLogger(__name__)

BATCH_SIZE = 500
BACKOFF_BASE_SECONDS = 10.0  # first retry; doubles per failed attempt
BACKOFF_MAX_SECONDS = 3600.0
ERROR_CHARS = 2000
LEASE_SECONDS = 600.0  # a claimed batch is the claimer's this long (then taken again)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Consumer:
    name: str
    handler: Callable[[list[int]], object]  # takes a batch of material ids; raises on failure
    wake: Callable[[], object] | None = None  # called once after a commit that queued rows


@dataclass
class DrainResult:
    consumer: str
    indexed: int = 0  # ids the handler accepted
    batches: int = 0
    failed: int = 0  # ids kept for a retry
    error: str = ""
    retry_at: datetime | None = None
    last_pk: int = 0  # highest row id handed over (the cursor of ``after_pk``)
    stopped: bool = False  # the worker was asked to stop: rows may be left queued


_consumers: dict[str, Consumer] = {}


def register_consumer(
    name: str,
    handler: Callable[[list[int]], object],
    *,
    wake: Callable[[], object] | None = None,
) -> None:
    """Record changes for ``name`` from now on; ``handler(ids)`` brings its index up to date."""
    if not name or len(name) > IndexOutbox._meta.get_field("index").max_length:
        raise ValueError(f"bad consumer name {name!r}")
    _consumers[name] = Consumer(name, handler, wake)


def consumers() -> tuple[str, ...]:
    return tuple(_consumers)


def backoff_seconds(attempts: int) -> float:
    """Wait before retry number ``attempts`` (1 after the first failure)."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


# -- writes --------------------------------------------------------------------------------------
def outbox_record(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Queue ``ids`` for every registered consumer, in the caller's transaction.

    One multi-row upsert per batch: a material already queued keeps its ``enqueued_at`` (the
    index has been behind on it since then) and its ``version`` goes up. Returns rows written.
    """
    id_list = sorted({int(i) for i in ids})
    names = consumers()
    if not id_list or not names:
        return 0
    stamp = connection.ops.adapt_datetimefield_value(now or timezone.now())
    table = connection.ops.quote_name(IndexOutbox._meta.db_table)
    q = connection.ops.quote_name
    # Table and column names come from the model's meta; every value is a parameter.
    head = (
        f"INSERT INTO {table} ({q('material_id')}, {q('index')}, {q('enqueued_at')}, "  # noqa: S608
        f"{q('next_attempt_at')}, {q('version')}, {q('attempts')}, {q('last_error')}) VALUES "
    )
    # A material queued again goes up a version and, unless its row is backing off after a
    # failure, is due again at once (a drainer may hold the old version under a lease).
    tail = (
        f" ON CONFLICT ({q('material_id')}, {q('index')}) DO UPDATE SET "
        f"{q('version')} = {table}.{q('version')} + 1, "
        f"{q('next_attempt_at')} = CASE WHEN {table}.{q('attempts')} = 0 "
        f"THEN excluded.{q('next_attempt_at')} ELSE {table}.{q('next_attempt_at')} END"
    )
    rows = [(pk, name) for name in names for pk in id_list]
    per_statement = _rows_per_statement(4)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join(["(%s, %s, %s, %s, 1, 0, '')"] * len(chunk))
            params = [p for pk, name in chunk for p in (pk, name, stamp, stamp)]
            cursor.execute(head + values + tail, params)
    for name in names:
        consumer = _consumers[name]
        if consumer.wake is not None:
            _once_on_commit(consumer.wake)
    return len(rows)


def _rows_per_statement(params_per_row: int) -> int:
    limit = connection.features.max_query_params or 30000
    return max(1, min(limit // params_per_row, 1000))


def _once_on_commit(func: Callable[[], object]) -> None:
    """Run ``func`` after this transaction commits, once however many batches it queued at
    the same savepoint level (Django's on-commit list holds (savepoint ids, func, robust))."""
    if connection.in_atomic_block:
        level = set(connection.savepoint_ids)
        if any(
            entry[1] is func and entry[0] == level
            for entry in getattr(connection, "run_on_commit", ())
        ):
            return
    transaction.on_commit(func, robust=True)  # a failed wake-up must not fail the save


def outbox_acknowledge(rows: Sequence[tuple[int, int]]) -> int:
    """Delete these (row id, version) pairs, unless a later change bumped the version."""
    by_version: dict[int, list[int]] = defaultdict(list)
    for pk, version in rows:
        by_version[version].append(pk)
    q = connection.ops.quote_name
    table = q(IndexOutbox._meta.db_table)
    per_statement = _rows_per_statement(1) - 1
    deleted = 0
    with connection.cursor() as cursor:
        for version, pks in by_version.items():
            for start in range(0, len(pks), per_statement):
                batch = pks[start : start + per_statement]
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"DELETE FROM {table} WHERE {q('version')} = %s AND {q('id')} IN ({marks})",  # noqa: S608
                    [version, *batch],
                )
                deleted += max(cursor.rowcount, 0)
    return deleted


def _retry_later(rows: Sequence[tuple[int, int, int]], error: str, now: datetime) -> datetime:
    """Keep the rows, count the attempt and push the next one back; returns the earliest."""
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for pk, _version, attempts in rows:
        by_attempts[attempts].append(pk)
    earliest = None
    for attempts, pks in by_attempts.items():
        when = now + timedelta(seconds=backoff_seconds(attempts + 1))
        earliest = when if earliest is None else min(earliest, when)
        IndexOutbox.objects.filter(pk__in=pks).update(
            attempts=attempts + 1, next_attempt_at=when, last_error=error[:ERROR_CHARS]
        )
    return earliest


# -- draining ------------------------------------------------------------------------------------
def _claim(
    batch: list[tuple[int, int, int, int]], now: datetime
) -> list[tuple[int, int, int, int]]:
    """The rows of ``batch`` this drainer claimed: those still due when its conditional update
    gave them a lease end no other claim shares (a random sub-second offset)."""
    lease_end = now + timedelta(seconds=LEASE_SECONDS, microseconds=secrets.randbelow(10**6))
    pks = [pk for pk, *_ in batch]
    IndexOutbox.objects.filter(pk__in=pks, next_attempt_at__lte=now).update(
        next_attempt_at=lease_end
    )
    mine = set(
        IndexOutbox.objects.filter(pk__in=pks, next_attempt_at=lease_end).values_list(
            "pk", flat=True
        )
    )
    return [row for row in batch if row[0] in mine]


def outbox_snapshot(name: str) -> list[tuple[int, int]]:
    """(row id, version) of every row queued for ``name`` now (a rebuild covers them)."""
    return list(IndexOutbox.objects.filter(index=name).values_list("pk", "version"))


def outbox_drain(
    name: str,
    *,
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
    due_only: bool = True,
    after_pk: int | None = None,
    deferred_acks: list[tuple[int, int]] | None = None,
    clock: Clock = timezone.now,
) -> DrainResult:
    """Hand ``name``'s due rows to its handler, batch by batch, until none is due.

    Stops at the first failing batch (the engine is likely down: later batches would fail
    too); that batch's rows are kept for a retry with backoff. Stops between batches when
    the worker was asked to stop (``result.stopped``). ``due_only=False`` takes rows
    still backing off as well (a rebuild, an operator's catch-up).

    A drainer running next to a writer passes ``after_pk`` (rows past its cursor, in id
    order; ``result.last_pk`` is the new cursor) and ``deferred_acks`` (a list the done
    (row id, version) pairs are added to instead of being deleted at once), so it does not
    wait on the writer's lock once per batch; it must ``outbox_acknowledge`` them later and
    finish with a plain drain, which takes in rows re-queued behind its cursor.
    """
    consumer = _consumers[name]
    result = DrainResult(consumer=name, last_pk=after_pk or 0)
    while max_batches is None or result.batches < max_batches:
        if stop_requested():  # a stopping worker: what is left stays queued for the next
            result.stopped = True
            break
        now = clock()
        rows = IndexOutbox.objects.filter(index=name)
        if due_only:
            rows = rows.filter(next_attempt_at__lte=now)
        if after_pk is not None:
            rows = rows.filter(pk__gt=result.last_pk).order_by("pk")
        else:
            rows = rows.order_by("next_attempt_at", "pk")
        batch = list(rows.values_list("pk", "material_id", "version", "attempts")[:batch_size])
        if due_only and batch:
            batch = _claim(batch, now)
            if not batch:
                continue  # another drainer claimed these first: look again
        if not batch:
            break
        result.batches += 1
        ids = [material_id for _pk, material_id, _v, _a in batch]
        try:
            consumer.handler(ids)
        except Exception as exc:  # noqa: BLE001 - any failure keeps the rows for a retry
            error = f"{type(exc).__name__}: {exc}"
            result.failed = len(ids)
            result.error = error
            result.retry_at = _retry_later([(pk, v, a) for pk, _m, v, a in batch], error, now)
            log.warning(
                "%s index: %d material(s) kept for a retry at %s: %s",
                name,
                len(ids),
                result.retry_at.isoformat(),
                error,
            )
            break
        done = [(pk, v) for pk, _m, v, _a in batch]
        if deferred_acks is None:
            outbox_acknowledge(done)
        else:
            deferred_acks.extend(done)
        result.last_pk = max(result.last_pk, max(pk for pk, _v in done))
        result.indexed += len(ids)
    return result


# -- reads ---------------------------------------------------------------------------------------
def outbox_status(*, clock: Clock = timezone.now) -> dict[str, dict]:
    """Per consumer: rows queued, rows failing, and the age of the oldest queued change."""
    now = clock()
    out = {}
    for name in consumers():
        rows = IndexOutbox.objects.filter(index=name)
        oldest = rows.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        failing = rows.filter(attempts__gt=0)
        last = failing.order_by("-next_attempt_at").values("last_error", "attempts").first()
        out[name] = {
            "depth": rows.count(),
            "oldest_enqueued_at": oldest,
            "oldest_age_seconds": round(max((now - oldest).total_seconds(), 0.0), 1)
            if oldest
            else 0.0,
            "failing": failing.count(),
            "last_error": last["last_error"] if last else "",
            "max_attempts": failing.aggregate(most=Max("attempts"))["most"] or 0,
        }
    return out
