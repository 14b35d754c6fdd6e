"""The tables of an FTS5 index file and the pragmas each kind of connection runs.

``docs`` holds each document as JSON (the hit) with its sort keys, ``fts`` the searched text,
``facets`` one row per facet value, ``terms`` and ``changes`` what readers' snapshots need to
catch up after a write (see ``snapshot``), ``meta`` the generation and format.
"""

from __future__ import annotations

# FTS columns, in the order of their bm25 weights (``planner.WEIGHTS``).
COLUMNS = ("title", "keywords", "subjects", "description", "codes", "extra")
TOKENIZE = "unicode61 remove_diacritics 2"
FORMAT = 2  # 2: `terms` and `changes` are kept by every write (see snapshot)

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
