"""Elasticsearch only: index settings after a rebuild, the mapping, errors."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from elasticsearch import exceptions as es_exc

from search import hybrid, service
from search.engines import get_engine
from search.engines.elasticsearch import lifecycle, queries
from search.query import EngineUnavailable, SearchQuery
from search.understanding import understand

from .test_knn_search import head as knn_head
from .test_knn_search import separately as knn_separately

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
    # The probe brings the words a typo away (term suggester); then the corrected search.
    res = engine.search(SearchQuery.build("chemestry"))
    assert len(trips) == 3 and "suggest" in str(trips[1]) and "chemistry" in str(trips[2])
    assert res.corrections == {"chemestry": "chemistry"}
    assert "chemistry" in res.hits[0].title.lower()
    trips.clear()
    # Probes (with an any-word guess, unused: a word is unknown), the typo corrected with
    # every word required (fewer than 20 documents), then with some.
    res = engine.search(SearchQuery.build("organic chemestry"))
    assert len(trips) == 4 and "chemistry" in str(trips[2]) and "chemistry" in str(trips[3])
    assert "fuzziness" not in str(trips)
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


def test_an_index_built_before_a_new_field_takes_documents_with_it(engine):
    """The mapping is strict: an index made by an older release gains the new fields when the
    code first writes to it, instead of refusing every document until a rebuild."""
    current = engine.indices.mapping
    older = {**current, "properties": dict(current["properties"])}
    del older["properties"]["standard_keys_with_suggested"]
    alias = f"{engine.alias}-older"
    indices = lifecycle.Indices(engine.client, alias, older, engine.config)
    indices.drop()
    try:
        (name,) = indices.ensure_alias()
        doc = {"standard_keys_with_suggested": ["ccss.math.content.3.nf.a.1"]}
        with pytest.raises(es_exc.BadRequestError):  # strict: the older index refuses it
            engine.client.index(index=alias, id="1", document=doc, refresh=True)
        upgraded = lifecycle.Indices(engine.client, alias, current, engine.config)
        assert upgraded.ensure_alias() == [name]  # the same index, not a rebuild
        engine.client.index(index=alias, id="1", document=doc, refresh=True)
        found = engine.client.search(
            index=alias,
            query={
                "term": {"standard_keys_with_suggested": doc["standard_keys_with_suggested"][0]}
            },
        )
        assert found["hits"]["total"]["value"] == 1
    finally:
        indices.drop()


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        ("climate change", {}, 1),
        ("fractions", {"license_bucket": ["remix-and-share"]}, 1),
        # Too few documents hold both words: the trip for either counts the neighbours.
        ("spanish vocabulary", {"license_bucket": ["remix-and-share"]}, 2),
        # A typo: the probe, then the corrected word's reading counts the neighbours.
        ("chemestry", {}, 3),
    ],
)
def test_elasticsearch_asks_in_one_trip(demo_vectors, text, filters, expected):
    """Hybrid's neighbours, word matches and the counts over both in one ``_msearch`` trip
    (with a facet filtered on, too: its multi-select count), where asking for them separately
    takes three; in two when the words need a second look at documents holding some of
    them, where asking separately takes four; a typo's probe and correction come before."""
    engine = get_engine()
    query, understood = knn_head(text, filters), understand(text)
    vector = hybrid.query_vector(text)
    trips = []
    send = engine._msearch

    def counted(bodies):
        trips.append(len(bodies))
        return send(bodies)

    engine._msearch = counted
    try:
        engine.knn_search(vector, query, understood, hybrid.SEMANTIC_K, 0.2)
        together = len(trips)
        trips.clear()
        knn_separately(engine, query, understood, vector)
    finally:
        del engine._msearch
    assert together == expected
    assert len(trips) == expected + 2


def test_hits_carry_no_vector_and_it_is_read_from_the_vector_store(demo_vectors):
    """The vector is searched (HNSW) but not kept in the stored source, which every hit
    returned decompresses; a material's vector comes from the vector store."""
    engine = get_engine()
    (live,) = engine.describe()["indices"]
    assert engine.client.indices.get_mapping(index=live)[live]["mappings"]["_source"] == {
        "excludes": ["embedding"]
    }
    (hit,) = engine.client.search(index=engine.alias, size=1, sort=["id"])["hits"]["hits"]
    assert "embedding" not in hit["_source"] and hit["_source"]["title"]
    vector = engine.vector(int(hit["_id"]))
    assert vector.shape == (384,)
    near = engine.knn(vector, SearchQuery(), None, 3, -1.0)
    assert near[0].id == int(hit["_id"]) and near[0].score > 0.99


def test_a_host_without_the_vector_store_finds_the_same_similar_materials(
    demo_vectors, settings, tmp_path
):
    """The vector store is a file of the host that drains embeddings; a web process on another
    host (no such file) embeds the material's text and finds the same similar materials."""
    (hit,) = get_engine().client.search(index=get_engine().alias, size=1, sort=["id"])["hits"][
        "hits"
    ]
    material_id = int(hit["_id"])
    here = [h.id for h in service.similar(material_id)]
    settings.OER_SEARCH = {
        **settings.OER_SEARCH,
        "VECTORS_PATH": str(tmp_path / "elsewhere-vectors.sqlite3"),
        "EMBEDDING_CACHE": str(tmp_path / "elsewhere-cache.sqlite3"),
    }
    assert get_engine().vector(material_id) is None
    assert here and [h.id for h in service.similar(material_id)] == here


def test_a_rebuild_merges_once_the_recovery_source_may_go(engine, monkeypatch):
    """The source without the vector leaves Elasticsearch a ``_recovery_source`` of each
    document; the rebuild's merge waits until it may drop it, so the merged index holds
    none (a merge right after the load kept all of it: twice the index, slower hits). A
    small index does not wait."""
    alias = f"{engine.alias}-prune"
    indices = lifecycle.Indices(engine.client, alias, engine.indices.mapping, engine.config)
    indices.drop()
    slept = []
    try:
        name = indices.create()
        vector = [0.1] * 384
        for part in range(2):  # two segments, so the merge rewrites them
            for i in range(part * 20, part * 20 + 20):
                doc = {"id": i, "title": f"material {i}", "embedding": vector}
                engine.client.index(index=name, id=str(i), document=doc)
            engine.client.indices.refresh(index=name)
        assert indices.wait_until_prunable(name, slept.append) is False and not slept
        monkeypatch.setattr(lifecycle, "PRUNE_MIN_DOCS", 0)
        # Elasticsearch renews the leases on its own clock (about 30 s): really wait.
        assert indices.wait_until_prunable(name, lambda s: slept.append(time.sleep(s))) is True
        assert slept  # the leases had not passed the writes yet
        engine.client.indices.forcemerge(index=name, max_num_segments=1)
        usage = engine.client.perform_request(
            "POST",
            f"/{name}/_disk_usage",
            params={"run_expensive_tasks": "true"},
            headers={"accept": "application/json"},
        ).body[name]["fields"]
        assert usage.get("_recovery_source", {}).get("total_in_bytes", 0) == 0
        assert usage["_source"]["total_in_bytes"] > 0
    finally:
        indices.drop()
