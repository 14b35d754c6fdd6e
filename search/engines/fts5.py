"""SQLite FTS5 engine: the embedded default, ranked with bm25.

The index is derived data kept in its own SQLite file under ``VAR_DIR/search`` (so it works
whatever the main database is). A rebuild writes a new file and renames it over the live one:
open connections finish on the old file, new ones see the new index, nobody waits.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from ..documents import FACET_FIELDS
from ..query import FACETS, EngineUnavailable, SearchQuery, SearchResults
from ..textparse import edit_distance, fuzziness, parse_text
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


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SCHEMA = f"""
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(
    id INTEGER PRIMARY KEY, sort_title TEXT, date_created TEXT, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS docs_title ON docs(sort_title, id);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date_created, id);
CREATE TABLE IF NOT EXISTS facets(
    doc_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facets_value ON facets(facet, value, doc_id);
CREATE INDEX IF NOT EXISTS facets_doc ON facets(doc_id, facet, value);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(COLUMNS)}, tokenize="unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, row);
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
"""

_vocab_cache: dict[tuple, dict[str, set[str]]] = {}
_vocab_lock = threading.Lock()


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


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
        path = path or self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=10, isolation_level=None)
            conn.executescript(SCHEMA)
            return conn
        except (OSError, sqlite3.Error) as exc:
            raise EngineUnavailable(f"the search index {path} cannot be opened: {exc}") from exc

    # -- writes ------------------------------------------------------------------------------
    @staticmethod
    def _write(conn: sqlite3.Connection, docs: Iterable[dict], progress=None) -> int:
        n = 0
        for doc in docs:
            doc_id = int(doc["id"])
            conn.execute("DELETE FROM fts WHERE rowid = ?", (doc_id,))
            conn.execute("DELETE FROM facets WHERE doc_id = ?", (doc_id,))
            conn.execute(
                "INSERT OR REPLACE INTO docs(id, sort_title, date_created, payload) "
                "VALUES (?, ?, ?, ?)",
                (doc_id, doc["sort_title"], doc["date_created"], json.dumps(doc)),
            )
            extra = [doc["provider"], doc["publisher"], *doc["authors"], *doc["resource_types"]]
            conn.execute(
                f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    doc["title"],
                    " ; ".join(doc["keywords"]),
                    " ; ".join(s.replace("-", " ") for s in doc["subjects"]),
                    doc["description"],
                    " ".join(doc["standards"] + doc["standard_keys"]),
                    " ; ".join(extra),
                ),
            )
            rows = []
            for field in set(FACET_FIELDS.values()) | {"standards"}:
                value = doc.get(field)
                for v in value if isinstance(value, list) else [value]:
                    if v:
                        rows.append((doc_id, field, str(v)))
            conn.executemany("INSERT INTO facets VALUES (?, ?, ?)", rows)
            n += 1
            if progress is not None:
                progress.update(1)
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        return n

    def index_documents(self, docs: Iterable[dict]) -> int:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            n = self._write(conn, docs)
            conn.execute("COMMIT")
            return n
        finally:
            conn.close()

    def delete_documents(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if not ids:
            return
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            for i in ids:
                conn.execute("DELETE FROM fts WHERE rowid = ?", (i,))
                conn.execute("DELETE FROM facets WHERE doc_id = ?", (i,))
                conn.execute("DELETE FROM docs WHERE id = ?", (i,))
            conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
            )
            conn.execute("COMMIT")
        finally:
            conn.close()

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        live = self.path
        fresh = live.with_name(f"{live.stem}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}.new")
        conn = self._connect(fresh)
        try:
            conn.execute("BEGIN")
            self._write(conn, docs, progress)
            conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'generation'", (str(time.time_ns()),)
            )
            conn.execute("COMMIT")
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        for suffix in ("-wal", "-shm"):
            Path(str(live) + suffix).unlink(missing_ok=True)
        os.replace(fresh, live)  # atomic: readers switch to the new index on their next query
        return live.name

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        if not self.path.exists():
            return None
        conn = self._connect()
        try:
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        finally:
            conn.close()

    def describe(self) -> dict:
        return {"engine": self.name, "index": str(self.path), "documents": self.count()}

    def _vocabulary(self, conn: sqlite3.Connection) -> dict[str, set[str]]:
        generation = conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = 0
        key = (str(self.path), inode, generation)
        with _vocab_lock:
            cached = _vocab_cache.get(key)
            if cached is not None:
                return cached
        by_letter: dict[str, set[str]] = {}
        for (term,) in conn.execute("SELECT term FROM vocab"):
            by_letter.setdefault(term[:1], set()).add(term)
        with _vocab_lock:
            _vocab_cache.clear()
            _vocab_cache[key] = by_letter
        return by_letter

    @staticmethod
    def _exact(word: str, vocab: dict[str, set[str]]) -> list[str]:
        """The word and its plural or singular when indexed (cheap, always applied)."""
        terms = vocab.get(word[:1], set())
        forms = [
            word,
            word + "s",
            word + "es",
            word[:-1] if word.endswith("s") and len(word) > 3 else "",
        ]
        return [f for f in dict.fromkeys(forms) if f and (f == word or f in terms)]

    @staticmethod
    def _typos(word: str, vocab: dict[str, set[str]], exclude: list[str]) -> list[str]:
        """Indexed words within typo distance (same first letter, as Elasticsearch's fuzzy).

        Only for words the index does not hold: a known word is taken as meant, which keeps
        the common case fast.
        """
        limit = fuzziness(word)
        terms = vocab.get(word[:1], set())
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
    def _count(conn) -> int:
        return conn.execute("SELECT count(*) FROM hits").fetchone()[0]

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_text(query.text)
        conn = self._connect()
        try:
            return self._search(conn, query, parsed)
        except sqlite3.Error as exc:
            raise EngineUnavailable(f"the search index failed: {exc}") from exc
        finally:
            conn.close()

    def _search(self, conn, query: SearchQuery, parsed) -> SearchResults:
        conn.execute("CREATE TEMP TABLE hits(id INTEGER PRIMARY KEY, score REAL)")
        expr_all = ""
        if parsed.words:
            vocab = self._vocabulary(conn)
            exact = [self._exact(w, vocab) for w in parsed.words]
            fuzzy = [e + self._typos(w, vocab, e) for w, e in zip(parsed.words, exact, strict=True)]
            expr_all = self._expression(fuzzy, False)
            weights = ", ".join(str(w) for w in WEIGHTS)
            score = f"bm25(fts, {weights})"
            if len(parsed.words) > 1:
                near = f"NEAR({' '.join(_quote(w) for w in parsed.words)}, {NEAR_DISTANCE})"
                score += (
                    f" * (CASE WHEN rowid IN (SELECT rowid FROM fts WHERE fts MATCH "
                    f"{_sql_str(near)}) THEN {NEAR_BONUS} ELSE 1.0 END)"
                )
            # Exact words (and plurals) first; typo matches rank below them; when few documents
            # have every word, documents with some of them follow.
            passes = [(self._expression(exact, True), 1.0)]
            if fuzzy != exact:
                passes.append((self._expression(fuzzy, True), TYPO_PENALTY))
            if len(parsed.words) > 1:
                passes.append((expr_all, OR_PENALTY))
            for expr, factor in passes:
                if factor == OR_PENALTY and self._count(conn) >= MIN_ALL_WORDS_HITS:
                    break
                conn.execute(
                    f"INSERT OR IGNORE INTO hits SELECT rowid, ({score}) * {factor} FROM fts "
                    "WHERE fts MATCH ?",
                    (expr,),
                )
            source = "hits"
        else:
            source = None

        active = constraints(query, parsed)

        def where(skip: str | None = None) -> tuple[list[str], list[list]]:
            clauses, params = [], []
            for facet, field, values in active:
                if facet is not None and facet == skip:
                    continue
                marks = ", ".join("?" * len(values))
                clauses.append(
                    f"d.id IN (SELECT doc_id FROM facets WHERE facet = ? AND value IN ({marks}))"
                )
                params.append([field, *values])
            return clauses, params

        join = "JOIN hits h ON h.id = d.id" if source else ""
        score_col = "h.score" if source else "0.0"

        def matched(table: str, skip: str | None = None) -> None:
            """Materialise the matching ids (and scores) once; counts and pages read it."""
            clauses, params = where(skip)
            flat = [p for group in params for p in group]
            conn.execute(f"CREATE TEMP TABLE {table}(id INTEGER PRIMARY KEY, score REAL)")
            if source or not clauses:
                sql = f"SELECT d.id, {score_col} FROM docs d {join}"
            else:
                # No words: let the first filter's index lookup drive instead of scanning docs.
                first = clauses.pop(0).removeprefix("d.id IN ")
                sql = f"SELECT d.doc_id, 0.0 FROM {first} d"
                clauses = [c.replace("d.id", "d.doc_id", 1) for c in clauses]
            where_sql = " AND ".join(clauses) or "1"
            conn.execute(f"INSERT OR IGNORE INTO {table} {sql} WHERE {where_sql}", flat)

        matched("m")
        total = conn.execute("SELECT count(*) FROM m").fetchone()[0]

        if query.sort == "newest":
            order = "d.date_created IS NULL, d.date_created DESC, d.id"
        elif query.sort == "title":
            order = "d.sort_title, d.id"
        else:
            order = "m.score, d.id"
        offset = query.offset
        if query.cursor:
            offset = int(decode_cursor(query.cursor).get("o", 0))
        # Order ids first, then read the few payloads: sorting never carries the JSON.
        if query.sort == "relevance":
            page = conn.execute(
                "SELECT id, score FROM m ORDER BY score, id LIMIT ? OFFSET ?",
                [query.per_page, offset],
            ).fetchall()
        else:
            page = conn.execute(
                f"SELECT m.id, m.score FROM m JOIN docs d ON d.id = m.id "
                f"ORDER BY {order} LIMIT ? OFFSET ?",
                [query.per_page, offset],
            ).fetchall()
        payloads = dict(
            conn.execute(
                f"SELECT id, payload FROM docs WHERE id IN ({', '.join('?' * len(page))})",
                [i for i, _s in page],
            ).fetchall()
        )
        rows = [(i, payloads[i], score) for i, score in page]

        highlights: dict[int, dict[str, str]] = {}
        if parsed.words:
            for doc_id, _payload, _score in rows:
                row = conn.execute(
                    "SELECT highlight(fts, 0, ?, ?), snippet(fts, 3, ?, ?, '…', 28) "
                    "FROM fts WHERE fts MATCH ? AND rowid = ?",
                    [MARK_START, MARK_END, MARK_START, MARK_END, expr_all, doc_id],
                ).fetchone()
                if row:
                    highlights[doc_id] = {"title": row[0], "description": row[1]}

        hits = []
        for doc_id, payload, score in rows:
            hl = highlights.get(doc_id, {})
            hl = {k: v for k, v in hl.items() if MARK_START in (v or "")}
            hits.append(hit_from_document(json.loads(payload), -float(score or 0.0), hl))

        selected = query.filter_map
        facets = []
        for name in (f for f in FACETS if f in query.facets):
            table = "m"
            if name in selected:  # multi-select: count as if this facet were not filtered
                table = f"m_{name}"
                matched(table, skip=name)
            counts = dict(
                conn.execute(
                    # CROSS JOIN keeps SQLite walking the matches, not every facet row.
                    f"SELECT f.value, count(*) FROM {table} x CROSS JOIN facets f "
                    "ON f.doc_id = x.id AND f.facet = ? GROUP BY f.value",
                    [FACET_FIELDS[name]],
                ).fetchall()
            )
            facets.append(build_facet(name, counts, selected.get(name, ())))

        end = offset + len(rows)
        next_cursor = encode_cursor({"o": end}) if end < total else None
        return results(query, hits, total, facets, next_cursor)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        conn = self._connect()
        try:
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
        except sqlite3.Error as exc:
            raise EngineUnavailable(f"the search index failed: {exc}") from exc
        finally:
            conn.close()
