"""Search tests run against whichever engine settings select (CI runs them on both).

The license registry and the demo catalog (1,723 real OER Commons materials) are loaded and
indexed once for the whole package, inside a transaction rolled back afterwards. The FTS5 file
lives in a temporary directory and Elasticsearch indices carry the per-process prefix of the
test settings; both are deleted afterwards.

Tests share that demo index, so none may rebuild or change it for good: a test that needs a
different index (vectors, a catalog of its own) builds it under its own ``INDEX_PREFIX`` and
``FTS5_PATH`` and sets it through pytest-django's ``settings`` fixture, whose overrides are
undone last-in first-out (an ``override_settings`` block in a fixture that also uses
``settings`` is undone before the fixture's own overrides and leaves its index selected).
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

from catalog.materials.models import IndexOutbox, Material
from catalog.materials.signals import materials_changed
from harvesters.demo import DEMO_SOURCE_KEY, demo_catalog_load, demo_sources
from search import service
from search.consumers import EMBEDDINGS
from search.engines import get_engine
from tests.conftest import load_licenses

# Elasticsearch-only tests are not collected on the embedded engine (rather than skipped).
collect_ignore = [] if settings.OER_SEARCH.get("ELASTICSEARCH_URL") else ["test_elasticsearch.py"]


def settled(engine) -> None:
    """Refresh, and on Elasticsearch wait for the index to be one segment: a rebuild starts
    that merge in the background, and approximate kNN over segments that merge between two
    searches of one test may find slightly different neighbours (tests compare answers)."""
    if engine.name == "elasticsearch":
        engine.client.indices.forcemerge(index=engine.alias, max_num_segments=1)
    engine.refresh()


@pytest.fixture(scope="session", autouse=True)
def search_settings(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "materials.sqlite3"
    # INDEX_ON_CHANGE on: these tests check indexing after commit even if the test settings
    # switch it off for the rest of the suite.
    config = {**settings.OER_SEARCH, "FTS5_PATH": str(path), "INDEX_ON_CHANGE": True}
    override = override_settings(OER_SEARCH=config)
    override.enable()
    yield settings.OER_SEARCH
    try:
        get_engine().drop()
    finally:
        override.disable()


@pytest.fixture(autouse=True)
def _shared_index_selected_again(search_settings):
    """After each test the package's own search settings are in force again: a test that
    left another index selected would send every later test's searches there."""
    yield
    in_force = settings.OER_SEARCH
    assert in_force == search_settings, "a test left other search settings in force"


@pytest.fixture(scope="package")
def demo_index(django_db_setup, django_db_blocker, search_settings):
    """Every demo material in the database and in a freshly rebuilt index."""
    with django_db_blocker.unblock():
        # pytest-django only creates test databases for modules with django_db tests.
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"refusing to load into {name}"
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # One rebuild afterwards instead of 1,723 per-record signals (and other apps'
            # receivers, which have their own tests).
            load_licenses()  # licence strings resolve as in a real catalog
            with mock.patch.object(materials_changed, "send"):
                # The OER Commons records only: the ranking expectations are written for them.
                demo_catalog_load([s for s in demo_sources() if s.key == DEMO_SOURCE_KEY])
            with override_settings(OER_SEARCH=search_settings):
                service.index_rebuild()
                settled(get_engine(search_settings))
            # Without vectors (``demo_vectors`` is the index with them): the first test that
            # commits a change would otherwise drain 1,700 queued embeddings into this index
            # and change the ranking of every test after it.
            IndexOutbox.objects.filter(index=EMBEDDINGS).delete()
            yield Material.objects.count()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            get_engine(search_settings).drop()


@pytest.fixture
def own_catalog(db):
    """No materials and no queued index work but what this test writes: whatever a package
    fixture (the demo catalog) loaded is removed inside the test's transaction and comes back
    with its rollback. For tests that build and count an index of their own."""
    IndexOutbox.objects.all().delete()
    Material.objects.all().delete()


@pytest.fixture(scope="package")
def demo_vectors_index(demo_index, django_db_blocker, search_settings, tmp_path_factory):
    """The demo catalog with every material's vector, in an index of its own (its settings).

    Built once and dropped at the end; the shared demo index stays without vectors, which
    would change its ranking on Elasticsearch (documents there carry their vector). The
    build's outbox acknowledgements are rolled back, leaving the catalog as ``demo_index``
    left it.
    """
    config = {
        **search_settings,
        "FTS5_PATH": str(tmp_path_factory.mktemp("vectors") / "materials.sqlite3"),
        "INDEX_PREFIX": f"{search_settings['INDEX_PREFIX']}demovectors",
    }
    with django_db_blocker.unblock(), override_settings(OER_SEARCH=config), transaction.atomic():
        service.index_rebuild()
        service.vectors_rebuild()
        settled(get_engine(config))
        transaction.set_rollback(True)
    yield config
    get_engine(config).drop()


@pytest.fixture
def demo_vectors(demo_vectors_index, demo_index, settings):
    """Searches in this test go to the demo catalog's index with vectors."""
    settings.OER_SEARCH = demo_vectors_index
    return demo_index
