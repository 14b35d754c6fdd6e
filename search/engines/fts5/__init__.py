"""SQLite FTS5 engine: the embedded default, ranked with bm25.

The index is derived data kept in its own SQLite file under ``VAR_DIR/search`` (so it works
whatever the main database is). A rebuild writes a new file and renames it over the live one:
open connections finish on the old file, new ones see the new index, nobody waits.

Reads go through one read-only connection per thread and file, reopened when the file is
replaced. A search runs in one read transaction: FTS5 gives the matching ids of each pass
(``json_group_array``), an in-memory snapshot of the index generation (``snapshot``) turns
filters and facet counts into set operations, and bm25 is computed only inside FTS5's
``ORDER BY … LIMIT`` for the page asked for.

- ``schema``: the tables of an index file and the pragmas of each kind of connection;
- ``store``: connections, and every write (add, replace, delete, rebuild into a new file);
- ``snapshot`` and ``bitsets``: per-generation id sets of the live documents and facet values;
- ``planner``: the MATCH passes of a search and their bm25 ranking;
- ``pages``: a search's page, highlights and facet counts, and suggestions;
- ``engine``: ``Fts5Engine``, the ``Engine`` interface over them.
"""

from .engine import Fts5Engine

__all__ = ["Fts5Engine"]
