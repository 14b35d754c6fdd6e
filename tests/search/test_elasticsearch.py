"""Elasticsearch only: index settings after a rebuild, the mapping, errors."""

from __future__ import annotations

import pytest
from django.conf import settings

from search.engines import get_engine
from search.engines.elasticsearch import queries
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
    assert props["facet_values"]["type"] == "keyword"
    assert props["authors"]["index"] is False and props["authors"]["copy_to"] == ["extra"]


def test_facets_are_the_same_counted_per_field(demo_index, engine, monkeypatch):
    """An index without facet_values (built before it) counts per facet field: same facets."""
    asked = [
        SearchQuery.build("fractions"),
        SearchQuery.build("", {"subject": ["mathematics"], "grade": ["9", "10"]}),
        SearchQuery.build("chemestry", {"license_bucket": ["remix-and-share"]}),
    ]
    expected = [engine.search(q) for q in asked]
    assert all(r.facets and r.total for r in expected)
    monkeypatch.setattr(queries, "FACET_VALUES", "no_such_field")
    for query, want in zip(asked, expected, strict=True):
        got = engine.search(query)
        assert got.facets == want.facets and got.total == want.total
        assert [h.id for h in got.hits] == [h.id for h in want.hits]


def test_probes_and_typo_expansion_only_when_no_document_has_every_word(
    demo_index, engine, monkeypatch
):
    trips = []
    msearch = engine._msearch
    monkeypatch.setattr(engine, "_msearch", lambda bodies: trips.append(bodies) or msearch(bodies))
    assert engine.search(SearchQuery.build("fractions")).total
    assert len(trips) == 1 and "terminate_after" not in str(trips)  # no probes
    trips.clear()
    res = engine.search(SearchQuery.build("chemestry"))  # probe and expansion in one trip
    assert len(trips) == 2 and "chemistry" in res.hits[0].title.lower()
    trips.clear()
    # Probes (with an any-word guess, unused: a word is unknown), the typo expanded with
    # every word required (fewer than 20 documents), then with some.
    res = engine.search(SearchQuery.build("organic chemestry"))
    assert len(trips) == 4 and "fuzziness" in str(trips[2]) and "fuzziness" in str(trips[3])
    assert "chemistry" in res.hits[0].title.lower()
    assert "organic" in res.hits[0].title.lower()


def test_a_refused_document_is_an_error_a_missing_one_deleted_is_not(demo_index, engine):
    before = engine.count()
    with pytest.raises(EngineUnavailable, match="refused a document"):
        engine.index_documents([{"id": 10**9, "title": "x", "no_such_field": 1}])  # strict
    engine.delete_documents([10**9, 10**9 + 1])  # not in the index: nothing to delete
    engine.refresh()
    assert engine.count() == before


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
