"""Search tests run against whichever engine settings select (CI runs them on both).

The license registry and the demo catalog (1,723 real OER Commons materials) are loaded and
indexed once for the whole package, inside a transaction rolled back afterwards. The FTS5 file
lives in a temporary directory and Elasticsearch indices carry the per-process prefix of the
test settings; both are deleted afterwards.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

from catalog.materials.models import Material
from catalog.materials.signals import materials_changed
from harvesters.demo import DEMO_SOURCE_KEY, demo_catalog_load, demo_sources
from search import service
from search.engines import get_engine
from tests.conftest import load_licenses

# Elasticsearch-only tests are not collected on the embedded engine (rather than skipped).
collect_ignore = [] if settings.OER_SEARCH.get("ELASTICSEARCH_URL") else ["test_elasticsearch.py"]


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
            service.index_rebuild()
            service.index_refresh()
            yield Material.objects.count()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            get_engine().drop()
