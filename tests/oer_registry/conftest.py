"""SQLite-only tests (its single-writer lock) are collected only on the SQLite run, never
skipped, as the Elasticsearch-only tests are collected only on the Elasticsearch run."""

from django.conf import settings

_ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
collect_ignore = [] if _ON_SQLITE else ["test_db_locking.py"]
