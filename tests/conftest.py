"""Shared fixtures. Real data comes from ../shared/data (SHARED_DATA)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("OER_SHARED_DATA", ROOT.parent / "shared" / "data"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip locally when an optional tool is missing; in CI a missing tool is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    require_or_skip(SHARED_DATA.is_dir(), f"{SHARED_DATA} is missing (../shared beside the repo)")
    return SHARED_DATA


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    engine = settings.OER_SEARCH["ENGINE"]
    where = settings.OER_SEARCH["ELASTICSEARCH_URL"] or "embedded"
    return [f"oer-registry: database={db} search={engine} ({where}) CI={IN_CI}"]


@pytest.fixture(scope="session", autouse=True)
def _drop_test_search_index():
    """The run's own search index (its name carries this process id) goes when the run ends,
    so test runs leave no FTS5 files behind in var/search."""
    yield
    from search.engines import get_engine

    engine = get_engine()
    if engine.name == "fts5":
        engine.drop()


@pytest.fixture
def own_search_index(settings, tmp_path):
    """An index of this test's own (FTS5 file or Elasticsearch prefix) selected for the test,
    through ``settings``, and dropped after: for tests that rebuild or rewrite an index."""
    from search.engines import get_engine

    config = {
        **settings.OER_SEARCH,
        "FTS5_PATH": str(tmp_path / "own-index" / "materials.sqlite3"),
        "INDEX_PREFIX": f"{settings.OER_SEARCH['INDEX_PREFIX']}own",
    }
    settings.OER_SEARCH = config
    yield config
    get_engine(config).drop()


@pytest.fixture
def live_search_index(own_search_index, settings):
    """``own_search_index`` built empty and kept current by every committed change
    (``INDEX_ON_CHANGE``): for tests that check a write reaches search without a rebuild."""
    from search import service

    config = {**own_search_index, "INDEX_ON_CHANGE": True}
    settings.OER_SEARCH = config
    service.index_rebuild()
    return config


# Transactional tests (transaction=True) must also ask for serialized_rollback=True: a flush
# wipes the data that migrations create (the Wagtail page tree, roles, rubrics), and the
# post_migrate handlers that run after a non-serialized flush would collide with the restore.


_LICENSE_ROWS = None


def load_licenses() -> None:
    """The real license registry (every legal tool in catalog/licenses/data), bulk-inserted
    (the registry's own loader saves row by row: about a second per test)."""
    global _LICENSE_ROWS
    from catalog.licenses import registry
    from catalog.licenses.models import License
    from catalog.licenses.services import DATA_FILE

    if _LICENSE_ROWS is None:
        _LICENSE_ROWS = json.loads(DATA_FILE.read_text("utf-8"))["licenses"]
    fields = {f.name for f in License._meta.concrete_fields} - {"id", "replaced_by"}
    License.objects.bulk_create(
        [License(**{k: v for k, v in row.items() if k in fields}) for row in _LICENSE_ROWS]
    )
    registry.invalidate()


@pytest.fixture
def licenses(db):
    """The real license registry in the test database."""
    load_licenses()


@pytest.fixture(autouse=True)
def _fresh_license_registry():
    """Each test starts with the in-memory license registry rebuilt from its own database: a
    transactional test's flush empties the License table without any signal."""
    from catalog.licenses import registry

    registry.invalidate()
    yield
    registry.invalidate()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Debian's Chromium driven by Playwright (its own browser download is not used).

    Playwright's sync API runs an event loop on this thread, so Django hands out a different,
    context-local database connection while it runs: the test database's serialized contents
    (for serialized rollback) are copied onto it, and async-unsafe ORM calls are allowed.
    """
    import shutil

    from django.db import connections

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    require_or_skip(executable is not None, "Debian's chromium is not installed (make services)")
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
