"""Catalog search: one query service, two engines (Elasticsearch, SQLite FTS5)."""
