"""What the FTS5 engine keeps in memory for one generation of an index file.

A snapshot holds the indexed vocabulary (for plural forms and typo candidates), the set of live
document ids and, per facet field, one id set per value (see ``bitsets``), so that filtering and
facet counting never walk the ``facets`` table at query time.

Every write bumps ``meta.generation`` in the same transaction, so a snapshot is valid exactly
while the generation it was read at is the one a search sees. Writers also log the ids they
touched (``changes``) and the terms they added (``terms``): a stale snapshot catches up by
re-reading only those documents instead of the whole index.
"""

from __future__ import annotations

import sqlite3
import threading

from ...documents import counted_field
from ...query import FACETS
from . import bitsets

# Document fields kept as id sets: the facets' fields. Others (standard codes) are looked up.
SET_FIELDS = frozenset(counted_field(name) for name in FACETS)
MAX_INDEXES = 4  # snapshots kept, one per index file (tests and benchmarks open several)
# Catch up from the change log unless that would re-read more than this share of the index.
MAX_CHANGED_SHARE = 0.25

_lock = threading.Lock()
_latest: dict[str, Snapshot] = {}  # index uid -> newest snapshot read


class Snapshot:
    def __init__(self, generation: int, vocab: dict[str, frozenset[str]], live: int):
        self.generation = generation
        self.vocab = vocab  # first letter -> indexed terms
        self.live = live
        self.size = live.bit_count()
        self._fields: dict[str, dict[str, int]] = {}

    def field(self, conn: sqlite3.Connection, field: str) -> dict[str, int]:
        """Value -> ids for a facet field, read on first use."""
        values = self._fields.get(field)
        if values is None:
            values = _grouped(conn, field)
            self._fields[field] = values
        return values

    def matching(self, conn: sqlite3.Connection, field: str, values) -> int:
        """Ids of the documents whose ``field`` holds any of ``values``."""
        if field in SET_FIELDS:
            by_value = self.field(conn, field)
            out = 0
            for value in values:
                out |= by_value.get(value, 0)
            return out
        marks = ", ".join("?" * len(values))
        row = conn.execute(
            f"SELECT json_group_array(doc_id) FROM facets WHERE facet = ? AND value IN ({marks})",
            [field, *values],
        ).fetchone()
        return bitsets.from_json(row[0])


def _grouped(conn: sqlite3.Connection, field: str, only: str | None = None) -> dict[str, int]:
    sql = "SELECT value, json_group_array(doc_id) FROM facets WHERE facet = ?"
    params: list = [field]
    if only is not None:
        sql += " AND doc_id IN (SELECT value FROM json_each(?))"
        params.append(only)
    return {v: bitsets.from_json(ids) for v, ids in conn.execute(sql + " GROUP BY value", params)}


def _by_letter(terms) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for (term,) in terms:
        out.setdefault(term[:1], set()).add(term)
    return out


def _load(conn: sqlite3.Connection, meta: dict[str, str]) -> Snapshot:
    if int(meta.get("format", 1)) >= 2:
        terms = conn.execute("SELECT term FROM terms")
    else:  # an index written before the term list existed: read the FTS vocabulary itself
        terms = conn.execute("SELECT term FROM vocab")
    vocab = {k: frozenset(v) for k, v in _by_letter(terms).items()}
    live = bitsets.from_json(conn.execute("SELECT json_group_array(id) FROM docs").fetchone()[0])
    return Snapshot(int(meta["generation"]), vocab, live)


def _catch_up(conn: sqlite3.Connection, old: Snapshot, meta: dict[str, str]) -> Snapshot | None:
    """``old`` brought to the current generation from the change log (None: reload instead)."""
    if int(meta.get("format", 1)) < 2 or old.generation < int(meta.get("changes_from", -1)):
        return None
    ids = conn.execute(
        "SELECT json_group_array(DISTINCT doc_id) FROM changes WHERE generation > ?",
        (old.generation,),
    ).fetchone()[0]
    changed = bitsets.from_json(ids)
    if changed.bit_count() > MAX_CHANGED_SHARE * max(old.live.bit_count(), 1000):
        return None
    only = ids or "[]"
    now = bitsets.from_json(
        conn.execute(
            "SELECT json_group_array(id) FROM docs WHERE id IN (SELECT value FROM json_each(?))",
            (only,),
        ).fetchone()[0]
    )
    vocab = dict(old.vocab)
    added = _by_letter(
        conn.execute("SELECT term FROM terms WHERE generation > ?", (old.generation,))
    )
    for letter, terms in added.items():
        vocab[letter] = vocab.get(letter, frozenset()) | terms
    fresh = Snapshot(int(meta["generation"]), vocab, (old.live & ~changed) | now)
    for field, values in old._fields.items():
        updated = {v: bits & ~changed for v, bits in values.items()}
        for value, bits in _grouped(conn, field, only).items():
            updated[value] = updated.get(value, 0) | bits
        fresh._fields[field] = {v: bits for v, bits in updated.items() if bits}
    return fresh


def current(conn: sqlite3.Connection, fallback_key: str) -> Snapshot:
    """The snapshot for what ``conn``'s open read transaction sees."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    key = meta.get("uid") or fallback_key
    generation = int(meta["generation"])
    snap = _latest.get(key)
    if snap is not None and snap.generation == generation:
        return snap
    fresh = None
    if snap is not None and snap.generation < generation:
        fresh = _catch_up(conn, snap, meta)
    if fresh is None:
        fresh = _load(conn, meta)
    with _lock:
        newest = _latest.get(key)
        if newest is None or newest.generation <= fresh.generation:
            _latest.pop(key, None)
            _latest[key] = fresh
            while len(_latest) > MAX_INDEXES:
                del _latest[next(iter(_latest))]
    return fresh


def forget() -> None:
    """Drop every snapshot (tests)."""
    with _lock:
        _latest.clear()
