"""Elasticsearch only: index settings after a rebuild, the mapping, errors."""

from __future__ import annotations

import pytest
from django.conf import settings

from search.engines import get_engine
from search.query import EngineUnavailable, SearchQuery

# Collected only when the suite runs on Elasticsearch (see tests/search/conftest.py): CI runs
# the suite once on PostgreSQL + Elasticsearch, where these run, and once on SQLite + FTS5.
pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(search_settings):
    engine = get_engine()
    assert engine.name == "elasticsearch"
    return engine


def test_live_index_settings_and_facet_mapping(demo_index, engine):
    (live,) = engine.describe()["indices"]
    index = engine.client.indices.get_settings(index=live)[live]["settings"]["index"]
    assert index["refresh_interval"] == "1s"  # restored after the bulk load
    assert index["number_of_replicas"] == "0" and index["number_of_shards"] == "1"
    assert index["translog"]["durability"] == "request"
    props = engine.client.indices.get_mapping(index=live)[live]["mappings"]["properties"]
    for field in ("subjects", "grades", "resource_types", "license_bucket", "approved_lists"):
        assert props[field]["eager_global_ordinals"] is True, field
    assert props["authors"]["index"] is False and props["authors"]["copy_to"] == ["extra"]


def test_search_without_an_index_says_to_rebuild(search_settings):
    engine = get_engine({**settings.OER_SEARCH, "INDEX_PREFIX": "oertest-never-built"})
    with pytest.raises(EngineUnavailable, match="search_index rebuild"):
        engine.search(SearchQuery.build("fractions"))
    assert engine.suggest("fra") == [] and engine.count() is None


def test_unreachable_server_is_unavailable(search_settings):
    engine = get_engine(
        {**settings.OER_SEARCH, "ELASTICSEARCH_URL": "http://127.0.0.1:9", "TIMEOUT": 2}
    )
    with pytest.raises(EngineUnavailable, match="unavailable"):
        engine.search(SearchQuery.build("fractions"))
