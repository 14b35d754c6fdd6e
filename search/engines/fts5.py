"""SQLite FTS5 engine: the embedded default, ranked with bm25.

The index is derived data kept in its own SQLite file under ``VAR_DIR/search`` (so it works
whatever the main database is). A rebuild writes a new file and renames it over the live one:
open connections finish on the old file, new ones see the new index, nobody waits.

Reads go through one read-only connection per thread and file, reopened when the file is
replaced. A search runs in one read transaction: FTS5 gives the matching ids of each pass
(``json_group_array``), an in-memory snapshot of the index generation (``fts5_snapshot``) turns
filters and facet counts into set operations, and bm25 is computed only inside FTS5's
``ORDER BY … LIMIT`` for the page asked for.
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

from django.conf import settings

from ..documents import FACET_FIELDS
from ..query import FACETS, EngineUnavailable, SearchQuery, SearchResults
from ..textparse import edit_distance, fuzziness, parse_text
from . import bitsets, fts5_snapshot
from .base import (
    MARK_END,
    MARK_START,
    MIN_ALL_WORDS_HITS,
    Engine,
    build_facet,
    constraints,
    decode_cursor,
    encode_cursor,
    hit_from_document,
    results,
)

# FTS columns and their bm25 weights: title above keywords above subjects above description.
COLUMNS = ("title", "keywords", "subjects", "description", "codes", "extra")
WEIGHTS = (10.0, 5.0, 3.0, 1.5, 4.0, 1.0)
NEAR_BONUS = 1.5  # bm25 is negative: multiplying makes documents with the words close better
NEAR_DISTANCE = 4
MAX_EXPANSIONS = 20
TYPO_PENALTY = 0.5  # a typo match scores half an exact one
OR_PENALTY = 0.25  # documents with only some of the words, when few have all
TOKENIZE = "unicode61 remove_diacritics 2"
FORMAT = 2  # 2: `terms` and `changes` are kept by every write (see fts5_snapshot)
KEEP_GENERATIONS = 500  # change-log entries kept for readers catching up
WRITE_BATCH = 500
# Facet counts: intersecting one value's id set costs about 0.1 ns per indexed document, reading
# the facet rows of one matched document about 3 µs; each facet is counted the cheaper way.
SPARSE_FACETS = 30_000


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


TABLES = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(
    id INTEGER PRIMARY KEY, sort_title TEXT, date_created TEXT, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facets(
    doc_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(COLUMNS)}, tokenize="{TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, row);
CREATE TABLE IF NOT EXISTS terms(term TEXT PRIMARY KEY, generation INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes(
    generation INTEGER NOT NULL, doc_id INTEGER NOT NULL, PRIMARY KEY(generation, doc_id))
    WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS docs_title ON docs(sort_title, id);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date_created, id);
CREATE INDEX IF NOT EXISTS facets_value ON facets(facet, value, doc_id);
CREATE INDEX IF NOT EXISTS facets_doc ON facets(doc_id, facet, value);
"""
# A new, empty file is in the current format; an older index only from its next rebuild (its
# term list is incomplete), but it logs changes from now on.
META = f"""
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
INSERT OR IGNORE INTO meta VALUES ('uid', lower(hex(randomblob(8))));
INSERT OR IGNORE INTO meta SELECT 'format', '{FORMAT}' WHERE NOT EXISTS (SELECT 1 FROM docs);
INSERT OR IGNORE INTO meta SELECT 'changes_from', value FROM meta WHERE key = 'generation';
"""
SCHEMA = "PRAGMA journal_mode=WAL;" + TABLES + INDEXES + META
READ_PRAGMAS = """
PRAGMA mmap_size=1073741824;
PRAGMA cache_size=-65536;
PRAGMA temp_store=MEMORY;
"""
# Derived data in WAL mode: a commit need not wait for the disk (a crash cannot corrupt the
# file; at worst the last writes are lost, and `search_index status` shows the gap).
WRITE_PRAGMAS = """
PRAGMA synchronous=NORMAL;
PRAGMA temp_store=MEMORY;
"""
BUILD_PRAGMAS = """
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
PRAGMA temp_store=MEMORY;
"""

_readers = threading.local()  # path -> (connection, inode), per thread


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


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
    for field in set(FACET_FIELDS.values()) | {"standards"}:
        value = doc.get(field)
        for v in value if isinstance(value, list) else [value]:
            if v:
                facets.append((doc_id, field, str(v)))
    payload = json.dumps(doc, separators=(",", ":"))
    return (doc_id, doc["sort_title"], doc["date_created"], payload), text, facets


class Fts5Engine(Engine):
    name = "fts5"

    def __init__(self, config: dict):
        self.config = config

    # -- files -------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        if self.config.get("FTS5_PATH"):
            return Path(self.config["FTS5_PATH"])
        return (
            Path(settings.VAR_DIR) / "search" / f"{self.config['INDEX_PREFIX']}-materials.sqlite3"
        )

    def _connect(self, path: Path | None = None) -> sqlite3.Connection:
        """A writing connection (short-lived; creates the index when there is none)."""
        path = path or self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=10, isolation_level=None)
            conn.executescript(SCHEMA + WRITE_PRAGMAS)
            return conn
        except (OSError, sqlite3.Error) as exc:
            raise EngineUnavailable(f"the search index {path} cannot be opened: {exc}") from exc

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection to the live file, reopened after a rebuild.

        Read-only, so closing it never checkpoints or deletes the WAL of whatever file now has
        the name.
        """
        path = Path(os.path.abspath(self.path))
        try:
            try:
                inode = os.stat(path).st_ino
            except FileNotFoundError:
                self._connect(path).close()  # no index yet: an empty one answers, as before
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

    def _forget_reader(self) -> None:
        held = getattr(_readers, "open", {})
        conn, _inode = held.pop(os.path.abspath(self.path), (None, None))
        if conn is not None:
            conn.close()

    def _read(self, work):
        """Run ``work(conn)`` in one read transaction: one generation from start to end."""
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            try:
                return work(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            self._forget_reader()
            raise EngineUnavailable(f"the search index failed: {exc}") from exc

    # -- writes ------------------------------------------------------------------------------
    @staticmethod
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
                Fts5Engine._add_terms(conn, [r[1][1:] for r in rows.values()])
            written += rows
            if progress is not None:
                progress.update(len(batch))
        return written

    @staticmethod
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

    @staticmethod
    def _next_generation(conn: sqlite3.Connection) -> None:
        """Start a new generation: readers' snapshots of the previous one are now stale."""
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    @staticmethod
    def _log_changes(conn: sqlite3.Connection, ids: list[int]) -> None:
        (generation,) = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = int(generation)
        conn.executemany(
            "INSERT OR IGNORE INTO changes VALUES (?, ?)", [(generation, i) for i in ids]
        )
        cutoff = generation - KEEP_GENERATIONS
        conn.execute("DELETE FROM changes WHERE generation <= ?", (cutoff,))
        conn.execute(
            "UPDATE meta SET value = max(CAST(value AS INTEGER), ?) WHERE key = 'changes_from'",
            (cutoff,),
        )

    def index_documents(self, docs: Iterable[dict]) -> int:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._next_generation(conn)
            ids = self._write(conn, docs)
            self._log_changes(conn, ids)
            conn.execute("COMMIT")
            return len(ids)
        finally:
            conn.close()

    def delete_documents(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if not ids:
            return
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._next_generation(conn)
            rows = [(i,) for i in ids]
            conn.executemany("DELETE FROM fts WHERE rowid = ?", rows)
            conn.executemany("DELETE FROM facets WHERE doc_id = ?", rows)
            conn.executemany("DELETE FROM docs WHERE id = ?", rows)
            self._log_changes(conn, ids)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        live = self.path
        fresh = live.with_name(f"{live.stem}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}.new")
        fresh.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(fresh, isolation_level=None)
        try:
            # A file nobody reads until the rename: no journal, no syncs, indexes at the end.
            conn.executescript(BUILD_PRAGMAS + TABLES)
            conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', 64000000)")
            conn.execute("BEGIN")
            self._write(conn, docs, progress, fresh=True)
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

    def drop(self) -> None:
        self._forget_reader()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        if not self.path.exists():
            return None
        return self._read(lambda conn: conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def describe(self) -> dict:
        return {"engine": self.name, "index": str(self.path), "documents": self.count()}

    @staticmethod
    def _exact(word: str, vocab) -> list[str]:
        """The word and its plural or singular when indexed (cheap, always applied)."""
        terms = vocab.get(word[:1], frozenset())
        forms = [
            word,
            word + "s",
            word + "es",
            word[:-1] if word.endswith("s") and len(word) > 3 else "",
        ]
        return [f for f in dict.fromkeys(forms) if f and (f == word or f in terms)]

    @staticmethod
    def _typos(word: str, vocab, exclude: list[str]) -> list[str]:
        """Indexed words within typo distance (same first letter, as Elasticsearch's fuzzy).

        Only for words the index does not hold: a known word is taken as meant, which keeps
        the common case fast.
        """
        limit = fuzziness(word)
        terms = vocab.get(word[:1], frozenset())
        if limit == 0 or word in terms:
            return []
        scored = []
        n = len(word)
        letters = set(word)
        for term in terms:
            if abs(len(term) - n) > limit or term in exclude:
                continue
            # An edit changes at most one letter of each set: a cheap test before the DP.
            if len(letters - set(term)) > limit:
                continue
            d = edit_distance(word, term, limit)
            if d <= limit:
                scored.append((d, term))
        scored.sort()
        return [t for _d, t in scored[:MAX_EXPANSIONS]]

    @staticmethod
    def _expression(groups: list[list[str]], require_all: bool) -> str:
        parts = ["(" + " OR ".join(_quote(v) for v in g) + ")" for g in groups]
        return (" AND " if require_all else " OR ").join(parts)

    @staticmethod
    def _score(words: tuple[str, ...]) -> str:
        weights = ", ".join(str(w) for w in WEIGHTS)
        score = f"bm25(fts, {weights})"
        if len(words) > 1:
            near = f"NEAR({' '.join(_quote(w) for w in words)}, {NEAR_DISTANCE})"
            score += (
                f" * (CASE WHEN rowid IN (SELECT rowid FROM fts WHERE fts MATCH "
                f"{_sql_str(near)}) THEN {NEAR_BONUS} ELSE 1.0 END)"
            )
        return score

    def _passes(self, conn, words, vocab) -> tuple[list[tuple[str, float, int, int]], str]:
        """(expression, factor, its matches, matches no earlier pass had) per pass.

        Exact words (and plurals) first; typo matches rank below them; when few documents
        have every word, documents with some of them follow.
        """
        exact = [self._exact(w, vocab) for w in words]
        fuzzy = [e + self._typos(w, vocab, e) for w, e in zip(words, exact, strict=True)]
        expr_all = self._expression(fuzzy, False)
        plan = [(self._expression(exact, True), 1.0)]
        if fuzzy != exact:
            plan.append((self._expression(fuzzy, True), TYPO_PENALTY))
        if len(words) > 1:
            plan.append((expr_all, OR_PENALTY))
        passes, seen = [], 0
        for expr, factor in plan:
            if factor == OR_PENALTY and seen.bit_count() >= MIN_ALL_WORDS_HITS:
                break
            (ids,) = conn.execute(
                "SELECT json_group_array(rowid) FROM fts WHERE fts MATCH ?", (expr,)
            ).fetchone()
            matches = bitsets.from_json(ids)
            passes.append((expr, factor, matches, matches & ~seen))
            seen |= matches
        return passes, expr_all

    @staticmethod
    def _restrict(matches: int, wanted: int) -> tuple[str, list[str]]:
        """SQL keeping only ``wanted`` of a MATCH's ``matches``, naming the smaller side.

        ``+rowid`` keeps the list a filter: handing it to FTS5 as a rowid lookup would make
        bm25 re-read every phrase's document list once per id.
        """
        if wanted == matches:
            return "", []
        dropped = matches & ~wanted
        if wanted.bit_count() <= dropped.bit_count():
            return " AND +rowid IN (SELECT value FROM json_each(?))", [bitsets.to_json(wanted)]
        return " AND +rowid NOT IN (SELECT value FROM json_each(?))", [bitsets.to_json(dropped)]

    def _ranked(self, conn, words, passes, wanted: int, limit: int | None) -> list[tuple]:
        """(id, score) of ``wanted`` by score then id, each scored by the first pass it is in."""
        score = self._score(words)
        ranked: list[tuple] = []
        for expr, factor, matches, new in passes:
            keep = new & wanted
            if not keep:
                continue
            where, params = self._restrict(matches, keep)
            sql = (
                f"SELECT rowid, ({score}) * {factor} AS s FROM fts "
                f"WHERE fts MATCH ?{where} ORDER BY s, rowid"
            )
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            ranked += conn.execute(sql, [expr, *params]).fetchall()
        ranked.sort(key=lambda row: (row[1], row[0]))
        return ranked if limit is None else ranked[:limit]

    @staticmethod
    def _sorted(conn, sort: str, ids: int, live: int, offset: int, limit: int) -> list[int]:
        if sort == "newest":
            order = "date_created IS NULL, date_created DESC, id"
        else:
            order = "sort_title, id"
        where, params = "", []
        if ids != live:
            where, params = "WHERE id IN (SELECT value FROM json_each(?))", [bitsets.to_json(ids)]
        return [
            i
            for (i,) in conn.execute(
                f"SELECT id FROM docs {where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]

    @staticmethod
    def _facet_counts(conn, snap, field: str, ids: int) -> dict[str, int]:
        """Documents per value of ``field`` among ``ids``."""
        by_value = snap.field(conn, field)
        if ids.bit_count() * SPARSE_FACETS < len(by_value) * snap.size:
            return dict(
                conn.execute(
                    "SELECT value, count(DISTINCT doc_id) FROM facets INDEXED BY facets_doc "
                    "WHERE facet = ? AND doc_id IN (SELECT value FROM json_each(?)) "
                    "GROUP BY value",
                    (field, bitsets.to_json(ids)),
                )
            )
        counts = {}
        for value, docs in by_value.items():
            n = (docs & ids).bit_count()
            if n:
                counts[value] = n
        return counts

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_text(query.text)
        return self._read(lambda conn: self._search(conn, query, parsed))

    def _search(self, conn, query: SearchQuery, parsed) -> SearchResults:
        snap = fts5_snapshot.current(conn, os.path.abspath(self.path))
        given = [
            (facet, snap.matching(conn, field, values))
            for facet, field, values in constraints(query, parsed)
        ]

        def allowed(skip: str | None = None) -> int:
            bits = snap.live
            for facet, ids in given:
                if facet is None or facet != skip:
                    bits &= ids
            return bits

        filtered = allowed()
        passes: list[tuple[str, float, int, int]] = []
        expr_all = ""
        text = snap.live
        if parsed.words:
            passes, expr_all = self._passes(conn, parsed.words, snap.vocab)
            text = 0
            for _expr, _factor, matches, _new in passes:
                text |= matches
        found = text & filtered
        total = found.bit_count()

        offset = query.offset
        if query.cursor:
            offset = int(decode_cursor(query.cursor).get("o", 0))
        if query.sort == "relevance" and parsed.words:
            page = self._ranked(conn, parsed.words, passes, found, offset + query.per_page)
            page = page[offset:]
        elif query.sort == "relevance":  # no words: every score is 0, ties break on id
            page = [(i, 0.0) for i in bitsets.to_ids(found, offset, query.per_page)]
        else:
            ids = self._sorted(conn, query.sort, found, snap.live, offset, query.per_page)
            scores: dict[int, float] = {}
            if parsed.words and ids:
                scores = dict(self._ranked(conn, parsed.words, passes, bitsets.from_ids(ids), None))
            page = [(i, scores.get(i, 0.0)) for i in ids]

        page_ids = json.dumps([i for i, _s in page])
        payloads = dict(
            conn.execute(
                "SELECT id, payload FROM docs WHERE id IN (SELECT value FROM json_each(?))",
                (page_ids,),
            ).fetchall()
        )
        highlights: dict[int, dict[str, str]] = {}
        if parsed.words and page:
            for doc_id, title, description in conn.execute(
                "SELECT rowid, highlight(fts, 0, ?, ?), snippet(fts, 3, ?, ?, '…', 28) "
                "FROM fts WHERE fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
                [MARK_START, MARK_END, MARK_START, MARK_END, expr_all, page_ids],
            ):
                highlights[doc_id] = {"title": title, "description": description}

        hits = []
        for doc_id, score in page:
            hl = highlights.get(doc_id, {})
            hl = {k: v for k, v in hl.items() if MARK_START in (v or "")}
            hits.append(hit_from_document(json.loads(payloads[doc_id]), -float(score or 0.0), hl))

        selected = query.filter_map
        facets = []
        for name in (f for f in FACETS if f in query.facets):
            # Multi-select: a filtered facet counts as if its own filter were not there.
            base = text & allowed(name) if name in selected else found
            counts = self._facet_counts(conn, snap, FACET_FIELDS[name], base)
            facets.append(build_facet(name, counts, selected.get(name, ())))

        end = offset + len(page)
        next_cursor = encode_cursor({"o": end}) if end < total else None
        return results(query, hits, total, facets, next_cursor)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return self._read(lambda conn: self._suggest(conn, prefix, limit))

    @staticmethod
    def _suggest(conn, prefix: str, limit: int) -> list[dict]:
        out: list[dict] = []
        words = parse_text(prefix).words
        if words:
            expr = " AND ".join(_quote(w) for w in words) + "*"
            expr = "title : (" + expr + ")"
            for (payload,) in conn.execute(
                "SELECT d.payload FROM fts JOIN docs d ON d.id = fts.rowid "
                "WHERE fts MATCH ? ORDER BY bm25(fts), d.id LIMIT ?",
                (expr, limit),
            ):
                doc = json.loads(payload)
                out.append(
                    {
                        "kind": "title",
                        "value": doc["title"],
                        "url": f"/materials/{doc['slug']}/",
                    }
                )
        like = prefix.lower().replace(" ", "-") + "%"
        for field, kind in (("subjects", "subject"), ("standard_keys", "standard")):
            for value, _n in conn.execute(
                "SELECT value, count(*) AS n FROM facets "
                "WHERE facet = ? AND lower(value) LIKE ? "
                "GROUP BY value ORDER BY n DESC, value LIMIT 3",
                (field, like),
            ):
                out.append({"kind": kind, "value": value})
        return out[:limit]
