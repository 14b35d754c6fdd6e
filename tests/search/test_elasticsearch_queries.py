"""The Elasticsearch engine's request bodies and page highlighting (no server needed)."""

from __future__ import annotations

import json

from search.engines import es_queries as queries
from search.engines.base import MARK_END, MARK_START, constraints
from search.engines.elasticsearch import _bulk_lines
from search.engines.es_highlight import Marker
from search.query import SearchQuery
from search.textparse import parse_text

FACETS4 = ("subject", "grade", "resource_type", "license_bucket")


def plan(text="", filters=None, **kw):
    query = SearchQuery.build(text, filters, **kw)
    return queries.Plan.of(query, constraints(query, parse_text(text))), parse_text(text).words


def test_each_filtered_facet_is_counted_without_its_own_filter():
    p, words = plan("algebra", {"subject": ["mathematics"], "grade": ["9"]}, facets=FACETS4)
    hits, first, subject, grade = p.bodies(words, True, set())
    assert "aggs" not in hits and hits["track_total_hits"] is False
    assert {"terms": {"subjects": ["mathematics"]}} in hits["query"]["bool"]["filter"]
    # The first counting request applies every filter, gives the total and counts the others.
    assert first["track_total_hits"] is True and first["size"] == 0
    assert set(first["aggs"]) == {"resource_type", "license_bucket"}
    assert len(first["query"]["bool"]["filter"]) == 3  # words, subject, grade
    # Subject is counted under the grade filter only, and its chosen value always counted.
    assert set(subject["aggs"]) == {"subject", "subject__selected"}
    assert {"terms": {"grades": ["9"]}} in subject["query"]["bool"]["filter"]
    assert {"terms": {"subjects": ["mathematics"]}} not in subject["query"]["bool"]["filter"]
    assert set(grade["aggs"]) == {"grade", "grade__selected"}


def test_counts_are_read_back_per_facet():
    p, words = plan("algebra", {"grade": ["9"]}, facets=("subject", "grade"))
    answers = [
        {"hits": {"hits": []}},
        {"hits": {"total": {"value": 7}}, "aggregations": {"subject": {"buckets": []}}},
        {
            "aggregations": {
                "grade": {"buckets": [{"key": "10", "doc_count": 4}]},
                "grade__selected": {"buckets": [{"key": "9", "doc_count": 7}]},
            }
        },
    ]
    assert len(p.bodies(words, True, set())) == len(answers)
    raw, total, counts = p.read(answers)
    assert raw == [] and total == 7
    assert counts == {"subject": {}, "grade": {"10": 4, "9": 7}}


def test_typo_expansion_is_done_once_in_one_combined_request():
    p, words = plan("chemestry", {"grade": ["9"]}, facets=FACETS4)
    (body,) = p.bodies(words, True, {"chemestry"})
    text = json.dumps(body)
    assert text.count('"fuzziness"') == 1
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"grades": ["9"]}}]}}
    assert body["track_total_hits"] is True
    assert set(body["aggs"]) == {"_group0", "grade", "grade__selected"}
    answer = {
        "hits": {"total": {"value": 3}, "hits": [{"_source": {}}]},
        "aggregations": {
            "_group0": {
                "doc_count": 3,
                **{f: {"buckets": [{"key": "x", "doc_count": 3}]} for f in FACETS4 if f != "grade"},
            },
            "grade": {"buckets": [{"key": "10", "doc_count": 5}]},
            "grade__selected": {"buckets": [{"key": "9", "doc_count": 3}]},
        },
    }
    raw, total, counts = p.read([answer])
    assert total == 3 and len(raw) == 1
    assert counts["grade"] == {"10": 5, "9": 3} and counts["subject"] == {"x": 3}


def test_no_words_sorts_by_id_and_known_words_are_not_expanded():
    p, words = plan("", {"subject": ["education"]}, facets=())
    (hits,) = p.bodies(words, True, set())
    assert hits["sort"] == [{"id": "asc"}] and hits["track_total_hits"] is True
    p, words = plan("fractions", facets=())
    assert "fuzziness" not in json.dumps(p.bodies(words, True, set()))


def test_marker_marks_forms_and_typos_only_on_word_boundaries():
    m = Marker(queries.forms("fraction"), typos=["chemestry"])
    assert m.whole("Fractions and fractional parts") == (
        f"{MARK_START}Fractions{MARK_END} and fractional parts"
    )
    # "chemistry" is one edit from the typo, "chemists" three.
    assert m.whole("Organic Chemistry, chemists") == (
        f"Organic {MARK_START}Chemistry{MARK_END}, chemists"
    )
    assert m.whole("nothing here") == ""


def test_fragment_is_short_and_centred_on_the_most_words():
    m = Marker(["photosynthesis", "light"])
    text = (
        "Plants are green. " * 20
        + "Photosynthesis turns light into sugar. "
        + "Other words follow for a long while. " * 20
    )
    fragment = m.fragment(text)
    assert fragment.startswith(f"{MARK_START}Photosynthesis{MARK_END} turns {MARK_START}light")
    assert len(fragment.replace(MARK_START, "").replace(MARK_END, "")) <= 180
    assert m.fragment("no match at all") == ""


def test_bulk_bodies_are_chunked_ndjson(monkeypatch):
    from search.engines import elasticsearch

    monkeypatch.setattr(elasticsearch, "BULK_DOCS", 2)
    docs = [{"id": i, "title": f"t{i}"} for i in range(1, 6)]
    chunks = list(_bulk_lines(docs))
    assert [n for _body, n in chunks] == [2, 2, 1]
    lines = chunks[0][0].decode().splitlines()
    assert json.loads(lines[0]) == {"index": {"_id": "1"}} and json.loads(lines[1])["id"] == 1
    (delete,) = list(_bulk_lines([7], op="delete"))
    assert json.loads(delete[0]) == {"delete": {"_id": "7"}}
