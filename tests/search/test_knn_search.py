"""``knn_search``: the hybrid ranking's neighbours and word matches asked together give the
same answers as ``knn`` then ``search`` with the neighbours as ``extra_ids`` (the same
neighbours, word matches, total and facet counts over both), sooner: the embedded engine
embeds the query while it matches the words, Elasticsearch sends one ``_msearch`` trip where
the separate calls sent three (more when the words need a second look). Runs on the
configured engine (CI: both)."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from search import hybrid
from search.engines import get_engine
from search.query import SearchQuery
from search.understanding import understand

pytestmark = pytest.mark.django_db

QUERIES = [
    ("fractions", {}),
    ("climate change", {}),
    ("spanish vocabulary", {"license_bucket": ["remix-and-share"]}),
    ("photosynthsis", {}),  # a typo: more trips on Elasticsearch
    ("chemestry", {}),  # a typo corrected on Elasticsearch
    ("feeling calm", {"license_bucket": ["remix-and-share"]}),
    # Two facets filtered on: three counting requests, each over its own filters.
    ("chemistry", {"grade": ["graduate-professional", "10"], "resource_type": ["Module"]}),
    ("essay writing grade 9", {}),  # a grade typed: a filter of the words, not of a facet
    ("marketing", {}),  # fewer word matches than the window: the page holds them all
    ("spreadsheet budget kindergarten", {}),  # too few hold every word: any word
]
FACETS = ("subject", "grade", "resource_type", "license_bucket")


def head(text, filters):
    query = SearchQuery.build(text, filters, facets=FACETS)
    return dataclasses.replace(query, page=1, per_page=hybrid.LEXICAL_WINDOW, cursor=None)


def separately(engine, query, understood, vector):
    near = engine.knn(vector, query, understood, hybrid.SEMANTIC_K, hybrid.SIMILARITY_FLOOR)
    res = engine.search(query, understood=understood, extra_ids=[h.id for h in near])
    return near, res


def same(a, b) -> None:
    (near_a, res_a), (near_b, res_b) = a, b
    scored = [[(h.id, round(h.score, 5)) for h in near] for near in (near_a, near_b)]
    assert scored[0] == scored[1]
    words_a = [h.id for h in res_a.hits if h.score > 0]
    assert words_a == [h.id for h in res_b.hits if h.score > 0]
    assert res_a.total == res_b.total
    assert res_a.facets == res_b.facets


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_knn_search_answers_as_knn_then_search(demo_vectors, text, filters):
    engine = get_engine()
    query, understood = head(text, filters), understand(text)
    vector = hybrid.query_vector(text)
    together = engine.knn_search(vector, query, understood, hybrid.SEMANTIC_K, 0.2)
    assert together[0], "no neighbours: the comparison would prove nothing"
    same(together, separately(engine, query, understood, vector))


def test_the_vector_may_be_a_function_run_once(demo_vectors):
    engine = get_engine()
    text = "ecology ecosystems"
    query, understood = head(text, {}), understand(text)
    calls = []

    def vector():
        calls.append(threading.current_thread().name)
        return hybrid.query_vector(text)

    lazily = engine.knn_search(vector, query, understood, hybrid.SEMANTIC_K, 0.2)
    assert len(calls) == 1
    same(lazily, separately(engine, query, understood, hybrid.query_vector(text)))


def test_only_the_word_matches_shown_are_marked(demo_vectors):
    engine = get_engine()
    text = "climate change"
    query, understood = head(text, {}), understand(text)
    vector = hybrid.query_vector(text)
    every = engine.knn_search(vector, query, understood, hybrid.SEMANTIC_K, 0.2)
    asked = []

    def shown(near, hits):
        asked.append(([h.id for h in near], [h.id for h in hits]))
        return [h.id for h in hits[5:10]]

    some = engine.knn_search(vector, query, understood, hybrid.SEMANTIC_K, 0.2, shown=shown)
    same(some, every)
    assert asked == [([h.id for h in every[0]], [h.id for h in every[1].hits])]
    marks = {h.id: dict(h.highlights) for h in every[1].hits}
    assert any(marks[i] for i in asked[0][1][5:10]), "nothing marked: the test proves nothing"
    assert {h.id: dict(h.highlights) for h in some[1].hits} == {
        i: marks[i] if i in asked[0][1][5:10] else {} for i in marks
    }
