"""The FTS5 index file: connections to it, and every write (add, replace, delete, rebuild).

Reads go through one read-only connection per thread and file, reopened when the file is
replaced; each search runs in one read transaction (``read``), so it sees one generation.
Every write bumps ``meta.generation`` in its transaction and logs the ids it touched, so
readers' snapshots know when and how to catch up. A rebuild writes a new file and renames it
over the live one: open connections finish on the old file, new ones see the new index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from ...documents import COUNTED_FIELDS, FACET_FIELDS
from ...query import EngineUnavailable
from .schema import (
    BUILD_PRAGMAS,
    COLUMNS,
    FORMAT,
    INDEXES,
    META,
    READ_PRAGMAS,
    SCHEMA,
    TABLES,
    TOKENIZE,
    WRITE_PRAGMAS,
)

KEEP_GENERATIONS = 500  # change-log entries kept for readers catching up
WRITE_BATCH = 500

_readers = threading.local()  # path -> (connection, inode), per thread


# -- connections ---------------------------------------------------------------------------------
def connect(path: Path) -> sqlite3.Connection:
    """A writing connection (short-lived; creates the index when there is none)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        conn.executescript(SCHEMA + WRITE_PRAGMAS)
        return conn
    except (OSError, sqlite3.Error) as exc:
        raise EngineUnavailable(f"the search index {path} cannot be opened: {exc}") from exc


def reader(path: Path) -> sqlite3.Connection:
    """This thread's read-only connection to the live file, reopened after a rebuild.

    Read-only, so closing it never checkpoints or deletes the WAL of whatever file now has
    the name.
    """
    path = Path(os.path.abspath(path))
    try:
        try:
            inode = os.stat(path).st_ino
        except FileNotFoundError:
            connect(path).close()  # no index yet: an empty one answers, as before
            inode = os.stat(path).st_ino
        held = getattr(_readers, "open", None)
        if held is None:
            held = _readers.open = {}
        conn, known = held.get(str(path), (None, None))
        if conn is not None and known == inode:
            return conn
        if conn is not None:
            conn.close()
        conn = sqlite3.connect(
            path.as_uri() + "?mode=ro", uri=True, timeout=10, isolation_level=None
        )
        conn.executescript(READ_PRAGMAS)
        held[str(path)] = (conn, inode)
        return conn
    except (OSError, sqlite3.Error) as exc:
        raise EngineUnavailable(f"the search index {path} cannot be opened: {exc}") from exc


def forget_reader(path: Path) -> None:
    held = getattr(_readers, "open", {})
    conn, _inode = held.pop(os.path.abspath(path), (None, None))
    if conn is not None:
        conn.close()


def read(path: Path, work):
    """Run ``work(conn)`` in one read transaction: one generation from start to end."""
    conn = reader(path)
    try:
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        forget_reader(path)
        raise EngineUnavailable(f"the search index failed: {exc}") from exc


# -- rows ----------------------------------------------------------------------------------------
def _batches(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _rows(doc: dict) -> tuple[tuple, tuple, list[tuple]]:
    """The ``docs``, ``fts`` and ``facets`` rows of one document."""
    doc_id = int(doc["id"])
    extra = [doc["provider"], doc["publisher"], *doc["authors"], *doc["resource_types"]]
    text = (
        doc_id,
        doc["title"],
        " ; ".join(doc["keywords"]),
        " ; ".join(s.replace("-", " ") for s in doc["subjects"]),
        doc["description"],
        " ".join(doc["standards"] + doc["standard_keys"]),
        " ; ".join(extra),
    )
    facets = []
    for field in {*FACET_FIELDS.values(), *COUNTED_FIELDS.values(), "standards"}:
        value = doc.get(field)
        for v in value if isinstance(value, list) else [value]:
            if v:
                facets.append((doc_id, field, str(v)))
    payload = json.dumps(doc, separators=(",", ":"))
    return (doc_id, doc["sort_title"], doc["date_created"], payload), text, facets


# -- writes --------------------------------------------------------------------------------------
def _write(
    conn: sqlite3.Connection, docs: Iterable[dict], progress=None, fresh: bool = False
) -> list[int]:
    """Write ``docs``; returns their ids. ``fresh``: a new file, nothing to replace."""
    written: list[int] = []
    for batch in _batches(docs, WRITE_BATCH):
        rows = {int(doc["id"]): _rows(doc) for doc in batch}  # the last copy of an id wins
        ids = [(i,) for i in rows]
        if not fresh:
            conn.executemany("DELETE FROM fts WHERE rowid = ?", ids)
            conn.executemany("DELETE FROM facets WHERE doc_id = ?", ids)
        conn.executemany(
            "INSERT OR REPLACE INTO docs(id, sort_title, date_created, payload) "
            "VALUES (?, ?, ?, ?)",
            [r[0] for r in rows.values()],
        )
        conn.executemany(
            f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [r[1] for r in rows.values()],
        )
        conn.executemany(
            "INSERT INTO facets VALUES (?, ?, ?)", [f for r in rows.values() for f in r[2]]
        )
        if not fresh:
            _add_terms(conn, [r[1][1:] for r in rows.values()])
        written += rows
        if progress is not None:
            progress.update(len(batch))
    return written


def _add_terms(conn: sqlite3.Connection, texts: list[tuple]) -> None:
    """Add the words of ``texts`` to ``terms``, tokenized exactly as the index does.

    The scratch table is contentless, so emptying it is one 'delete-all' (a plain FTS5
    table would tokenize every row again to delete it).
    """
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_text "
        f"USING fts5(t, content='', tokenize='{TOKENIZE}')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms USING fts5vocab(temp, new_text, row)"
    )
    conn.executemany("INSERT INTO temp.new_text(t) VALUES (?)", [(" ".join(t),) for t in texts])
    conn.execute(
        "INSERT OR IGNORE INTO terms SELECT term, "
        "(SELECT value FROM meta WHERE key = 'generation') FROM temp.new_terms"
    )
    conn.execute("INSERT INTO temp.new_text(new_text) VALUES ('delete-all')")


def _next_generation(conn: sqlite3.Connection) -> None:
    """Start a new generation: readers' snapshots of the previous one are now stale."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def _log_changes(conn: sqlite3.Connection, ids: list[int]) -> None:
    (generation,) = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = int(generation)
    conn.executemany("INSERT OR IGNORE INTO changes VALUES (?, ?)", [(generation, i) for i in ids])
    cutoff = generation - KEEP_GENERATIONS
    conn.execute("DELETE FROM changes WHERE generation <= ?", (cutoff,))
    conn.execute(
        "UPDATE meta SET value = max(CAST(value AS INTEGER), ?) WHERE key = 'changes_from'",
        (cutoff,),
    )


def index_documents(path: Path, docs: Iterable[dict]) -> int:
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _next_generation(conn)
        ids = _write(conn, docs)
        _log_changes(conn, ids)
        conn.execute("COMMIT")
        return len(ids)
    finally:
        conn.close()


def delete_documents(path: Path, ids: Iterable[int]) -> None:
    ids = [int(i) for i in ids]
    if not ids:
        return
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _next_generation(conn)
        rows = [(i,) for i in ids]
        conn.executemany("DELETE FROM fts WHERE rowid = ?", rows)
        conn.executemany("DELETE FROM facets WHERE doc_id = ?", rows)
        conn.executemany("DELETE FROM docs WHERE id = ?", rows)
        _log_changes(conn, ids)
        conn.execute("COMMIT")
    finally:
        conn.close()


def rebuild(live: Path, docs: Iterable[dict], progress=None) -> str:
    """Write ``docs`` to a new file and rename it over ``live``; returns the file's name."""
    fresh = live.with_name(f"{live.stem}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}.new")
    fresh.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(fresh, isolation_level=None)
    try:
        # A file nobody reads until the rename: no journal, no syncs, indexes at the end.
        conn.executescript(BUILD_PRAGMAS + TABLES)
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', 64000000)")
        conn.execute("BEGIN")
        _write(conn, docs, progress, fresh=True)
        conn.execute("COMMIT")
        conn.executescript(INDEXES)
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        generation = str(time.time_ns())
        conn.execute("INSERT INTO terms SELECT term, ? FROM vocab", (generation,))
        conn.executescript(META)
        conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("generation", generation), ("changes_from", generation), ("format", str(FORMAT))],
        )
        conn.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        conn.close()
        fresh.unlink(missing_ok=True)
        raise
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    os.replace(fresh, live)  # atomic: readers switch to the new index on their next query
    return live.name


def drop(path: Path) -> None:
    forget_reader(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def count(path: Path) -> int | None:
    if not path.exists():
        return None
    return read(path, lambda conn: conn.execute("SELECT count(*) FROM docs").fetchone()[0])
