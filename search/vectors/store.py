"""Vectors of the indexed materials in one SQLite file, and a shared cache of embedded texts.

``vectors`` holds one row per material: the key of the text it was computed from (model and
text hash, ``text.text_key``) and the float32 vector. Every write bumps ``meta.generation`` and
logs the ids it touched, so in-memory copies (``matrix``) catch up without reloading. The cache
(``OER_SEARCH["EMBEDDING_CACHE"]``, one file per installation, shared by every index prefix)
maps text keys to vectors: a rebuild, a second index or a test session re-embeds only texts
it has never seen.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from ..query import EngineUnavailable

DIMENSIONS = 384
SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, key BLOB NOT NULL, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log (generation INTEGER NOT NULL, id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS log_generation ON log (generation);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
"""
CACHE_SCHEMA = "CREATE TABLE IF NOT EXISTS cache (key BLOB PRIMARY KEY, vec BLOB NOT NULL);"
KEEP_LOG = 200_000  # logged ids kept for readers catching up; older readers reload
_local = threading.local()


def store_path(config: dict | None = None) -> Path:
    """``<FTS5_PATH stem>-vectors.sqlite3`` next to an explicit FTS5 file, else
    ``VAR_DIR/search/<prefix>-vectors.sqlite3`` (``VECTORS_PATH`` overrides both)."""
    config = config or settings.OER_SEARCH
    if config.get("VECTORS_PATH"):
        return Path(config["VECTORS_PATH"])
    if config.get("FTS5_PATH"):
        fts = Path(config["FTS5_PATH"])
        return fts.with_name(f"{fts.stem}-vectors.sqlite3")
    return Path(settings.VAR_DIR) / "search" / f"{config['INDEX_PREFIX']}-vectors.sqlite3"


def cache_path(config: dict | None = None) -> Path:
    config = config or settings.OER_SEARCH
    if config.get("EMBEDDING_CACHE"):
        return Path(config["EMBEDDING_CACHE"])
    return Path(settings.VAR_DIR) / "search" / "embedding-cache.sqlite3"


def _open(path: Path, schema: str) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(schema)
        return conn
    except (OSError, sqlite3.Error) as exc:
        raise EngineUnavailable(f"the vector store {path} cannot be opened: {exc}") from exc


def connection(path: Path, schema: str = SCHEMA) -> sqlite3.Connection:
    """This thread's connection to ``path`` (kept open; SQLite connections are per thread)."""
    held = getattr(_local, "open", None)
    if held is None:
        held = _local.open = {}
    key = (str(path), schema)
    conn = held.get(key)
    if conn is None or not path.exists():
        conn = held[key] = _open(path, schema)
    return conn


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


# -- the text cache ------------------------------------------------------------------------------
def cached(path: Path, keys: Sequence[bytes]) -> dict[bytes, bytes]:
    conn = connection(path, CACHE_SCHEMA)
    out: dict[bytes, bytes] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT key, vec FROM cache WHERE key IN ({marks})", chunk))
    return out


def cache_put(path: Path, items: Iterable[tuple[bytes, bytes]]) -> None:
    conn = connection(path, CACHE_SCHEMA)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?)", list(items))


# -- the per-index vectors -----------------------------------------------------------------------
def generation(path: Path) -> int:
    return int(connection(path).execute("SELECT v FROM meta WHERE k='generation'").fetchone()[0])


def keys_of(path: Path, ids: Sequence[int]) -> dict[int, bytes]:
    conn = connection(path)
    out: dict[int, bytes] = {}
    for start in range(0, len(ids), 500):
        chunk = [int(i) for i in ids[start : start + 500]]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT id, key FROM vectors WHERE id IN ({marks})", chunk))
    return out


def vectors_of(path: Path, ids: Sequence[int]) -> dict[int, np.ndarray]:
    conn = connection(path)
    out: dict[int, np.ndarray] = {}
    for start in range(0, len(ids), 500):
        chunk = [int(i) for i in ids[start : start + 500]]
        marks = ",".join("?" * len(chunk))
        for i, blob in conn.execute(f"SELECT id, vec FROM vectors WHERE id IN ({marks})", chunk):
            out[i] = from_blob(blob)
    return out


def write(path: Path, put: Sequence[tuple[int, bytes, bytes]], delete: Sequence[int]) -> int:
    """Upsert (id, key, vector blob) rows and delete ids, as one new generation."""
    if not put and not delete:
        return generation(path)
    conn = connection(path)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        gen = int(conn.execute("SELECT v FROM meta WHERE k='generation'").fetchone()[0]) + 1
        conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", list(put))
        conn.executemany("DELETE FROM vectors WHERE id = ?", [(int(i),) for i in delete])
        touched = [(gen, int(i)) for i, _k, _v in put] + [(gen, int(i)) for i in delete]
        conn.executemany("INSERT INTO log VALUES (?, ?)", touched)
        conn.execute("UPDATE meta SET v = ? WHERE k='generation'", (gen,))
        (logged,) = conn.execute("SELECT count(*) FROM log").fetchone()
        if logged > KEEP_LOG:
            conn.execute(
                "DELETE FROM log WHERE generation < (SELECT generation FROM log "
                "ORDER BY generation DESC LIMIT 1 OFFSET ?)",
                (KEEP_LOG // 2,),
            )
    return gen


def changed_since(path: Path, gen: int) -> tuple[list[int], bool]:
    """Ids written after generation ``gen``; False when the log no longer reaches back."""
    conn = connection(path)
    (oldest,) = conn.execute("SELECT min(generation) FROM log").fetchone()
    if oldest is not None and oldest > gen + 1:
        return [], False
    rows = conn.execute("SELECT DISTINCT id FROM log WHERE generation > ?", (gen,))
    return [i for (i,) in rows], True


def all_rows(path: Path):
    """(id, vector blob) of every stored vector, in id order."""
    return connection(path).execute("SELECT id, vec FROM vectors ORDER BY id")


def count(path: Path) -> int:
    return int(connection(path).execute("SELECT count(*) FROM vectors").fetchone()[0])


def drop(path: Path) -> None:
    held = getattr(_local, "open", {})
    for key in [k for k in held if k[0] == str(path)]:
        held.pop(key).close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
