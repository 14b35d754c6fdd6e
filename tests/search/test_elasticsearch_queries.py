"""The Elasticsearch engine's request bodies and page highlighting (no server needed)."""

from __future__ import annotations

import dataclasses
import json

from search.engines.base import FACET_SIZE, MARK_END, MARK_START, constraints
from search.engines.elasticsearch import bulk, mapping, queries
from search.engines.elasticsearch.highlight import Marker
from search.query import SearchQuery
from search.textparse import parse_text

FACETS4 = ("subject", "grade", "resource_type", "license_bucket")


def plan(text="", filters=None, **kw):
    query = SearchQuery.build(text, filters, **kw)
    return queries.Plan.of(query, constraints(query, parse_text(text))), parse_text(text).words


def test_each_filtered_facet_is_counted_without_its_own_filter():
    p, words = plan("algebra", {"subject": ["mathematics"], "grade": ["9"]}, facets=FACETS4)
    hits, first, subject, grade = p.bodies(words, True, {})
    assert "aggs" not in hits and hits["track_total_hits"] is False
    assert {"terms": {"subjects": ["mathematics"]}} in hits["query"]["bool"]["filter"]
    # The first counting request applies every filter, gives the total and counts the others
    # (resource type, licence bucket) in one aggregation over facet_values, every value.
    assert first["track_total_hits"] is True and first["size"] == 0
    assert first["aggs"] == {
        "_values": {"terms": {"field": "facet_values", "size": queries.ALL_VALUES}}
    }
    assert len(first["query"]["bool"]["filter"]) == 3  # words, subject, grade
    # Subject is counted under the grade filter only, every value of its own field (so the
    # chosen one is counted wherever it ranks).
    assert subject["aggs"] == {
        "subject": {"terms": {"field": "subjects", "size": queries.ALL_VALUES}}
    }
    assert {"terms": {"grades": ["9"]}} in subject["query"]["bool"]["filter"]
    assert {"terms": {"subjects": ["mathematics"]}} not in subject["query"]["bool"]["filter"]
    assert set(grade["aggs"]) == {"grade"}


def test_counts_are_read_back_per_facet():
    p, words = plan("algebra", {"grade": ["9"]}, facets=("subject", "resource_type", "grade"))
    values = [
        {"key": "subject:mathematics", "doc_count": 5},
        {"key": "resource_type:Lesson", "doc_count": 4},
        {"key": "approved_list:US-WA:math", "doc_count": 2},  # a facet not asked for
    ]
    answers = [
        {"hits": {"hits": []}},
        {
            "hits": {"total": {"value": 7}},
            "aggregations": {"_values": {"sum_other_doc_count": 0, "buckets": values}},
        },
        {"aggregations": {"grade": {"buckets": [{"key": "10", "doc_count": 4}]}}},
    ]
    assert len(p.bodies(words, True, {})) == len(answers)
    raw, total, counts = p.read(answers)
    assert raw == [] and total == 7
    assert counts == {
        "subject": {"mathematics": 5},
        "resource_type": {"Lesson": 4},
        "grade": {"10": 4},
    }


def test_counts_are_asked_again_per_field_when_values_are_missing():
    p, words = plan("algebra", {"grade": ["9"]}, facets=("subject", "resource_type", "grade"))
    hits = {"hits": {"hits": []}}
    grade = {"aggregations": {"grade": {"buckets": []}}}
    cut = {"_values": {"sum_other_doc_count": 3, "buckets": []}}
    none = {"_values": {"sum_other_doc_count": 0, "buckets": []}}  # index without the field
    for aggs, found in ((cut, 0), (none, 7)):
        first = {"hits": {"total": {"value": found}}, "aggregations": aggs}
        assert p.read([hits, first, grade])[2] is None
    nothing = {"hits": {"total": {"value": 0}}, "aggregations": none}
    assert p.read([hits, nothing, grade])[2] == {"subject": {}, "resource_type": {}, "grade": {}}
    # Per field: the top FACET_SIZE values and the selected ones, as read before facet_values.
    per_field = dataclasses.replace(p, per_field=True)
    _hits, first, own = per_field.bodies(words, True, {})
    assert set(first["aggs"]) == {"subject", "resource_type"}
    assert first["aggs"]["subject"] == {"terms": {"field": "subjects", "size": FACET_SIZE}}
    assert set(own["aggs"]) == {"grade", "grade__selected"}
    answers = [
        hits,
        {
            "hits": {"total": {"value": 7}},
            "aggregations": {
                "subject": {"sum_other_doc_count": 9, "buckets": []},
                "resource_type": {"buckets": []},
            },
        },
        {
            "aggregations": {
                "grade": {"buckets": [{"key": "10", "doc_count": 4}]},
                "grade__selected": {"buckets": [{"key": "9", "doc_count": 7}]},
            }
        },
    ]
    assert per_field.read(answers)[2] == {
        "subject": {},
        "resource_type": {},
        "grade": {"10": 4, "9": 7},
    }


def test_facet_values_hold_every_facet_value_once_named():
    doc = {
        "subjects": ["mathematics", "education"],
        "grades": ["9", "10"],
        "resource_types": [],
        "license_bucket": "remix-and-share",
        "license": "",
        "language": "en",
        "provider": "OpenStax",
        "frameworks": None,
        "approved_lists": ["US-WA:math"],
    }
    # Grades (indexed as the whole range) are one value: the set.
    assert mapping.facet_values(doc) == [
        "subject:mathematics",
        "subject:education",
        "grade:9\x1f10",
        "license_bucket:remix-and-share",
        "language:en",
        "provider:OpenStax",
        "approved_list:US-WA:math",
    ]
    assert mapping.indexed_fields(doc) == {
        "facet_values": mapping.facet_values(doc),
        "grade_set": "9\x1f10",
    }
    assert mapping.indexed_fields({})["grade_set"] is None


def test_grade_sets_count_for_each_grade_in_them():
    p, words = plan("", {"grade": ["9"]}, facets=("subject", "grade"))
    hits, first, grade = p.bodies(words, True, {})
    assert grade["aggs"] == {"grade": {"terms": {"field": "grade_set", "size": queries.ALL_VALUES}}}
    sets = [{"key": "9\x1f10", "doc_count": 4}, {"key": "10\x1f11", "doc_count": 2}]
    answers = [
        {"hits": {"hits": []}},
        {"hits": {"total": {"value": 4}}, "aggregations": {"subject": {"buckets": []}}},
        {"hits": {"total": {"value": 6}}, "aggregations": {"grade": {"buckets": sets}}},
    ]
    assert p.read(answers)[2] == {"subject": {}, "grade": {"9": 4, "10": 6, "11": 2}}
    answers[2]["aggregations"]["grade"]["buckets"] = []  # an index without grade_set
    assert p.read(answers)[2] is None


def test_a_corrected_typo_is_searched_in_one_combined_request():
    p, words = plan("chemestry", {"grade": ["9"]}, facets=FACETS4)
    (body,) = p.bodies(words, True, {"chemestry": "chemistry"})
    text = json.dumps(body)
    assert text.count('"query": "chemistry"') == 1 and '"fuzziness"' not in text
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"grades": ["9"]}}]}}
    assert body["track_total_hits"] is True
    assert set(body["aggs"]) == {"_group0", "grade"}
    values = [{"key": f"{f}:x", "doc_count": 3} for f in FACETS4 if f != "grade"]
    answer = {
        "hits": {"total": {"value": 3}, "hits": [{"_source": {}}]},
        "aggregations": {
            "_group0": {"doc_count": 3, "_values": {"sum_other_doc_count": 0, "buckets": values}},
            "grade": {"buckets": [{"key": "10", "doc_count": 5}, {"key": "9", "doc_count": 3}]},
        },
    }
    raw, total, counts = p.read([answer])
    assert total == 3 and len(raw) == 1
    assert counts["grade"] == {"10": 5, "9": 3} and counts["subject"] == {"x": 3}


def test_no_words_sorts_by_id_and_known_words_are_not_expanded():
    p, words = plan("", {"subject": ["education"]}, facets=())
    (hits,) = p.bodies(words, True, {})
    assert hits["sort"] == [{"id": "asc"}] and hits["track_total_hits"] is True
    p, words = plan("fractions", facets=())
    assert '"boost": 0.5' not in json.dumps(p.bodies(words, True, {}))


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


def test_marker_finds_what_its_case_insensitive_pattern_finds():
    m = Marker(queries.forms("information") + queries.forms("science"))
    assert m.words is not None  # the str.find path
    texts = [
        "Information, INFORMATIONS and information_x; x_information informationes.",
        "\u201cInformation\u201d \u2014 science\u2019s informatione Kelvin \u212aelvin",
        "\u0131nformation \u0130nformation \u017fcience: folded apart, so the pattern decides",
        "",
    ]
    for text in texts:
        assert m.spans(text) == [x.span() for x in m.pattern.finditer(text)], text
    assert m.spans(texts[2]) == [(0, 11), (12, 23), (24, 31)]


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
    monkeypatch.setattr(bulk, "BULK_DOCS", 2)
    docs = [{"id": i, "title": f"t{i}"} for i in range(1, 6)]
    chunks = list(bulk.bulk_lines(docs))
    assert [n for _body, n in chunks] == [2, 2, 1]
    lines = chunks[0][0].decode().splitlines()
    assert json.loads(lines[0]) == {"index": {"_id": "1"}} and json.loads(lines[1])["id"] == 1
    assert json.loads(lines[1])["facet_values"] == []
    (old,) = list(bulk.bulk_lines(docs[:1], facet_values=False))  # an index built before the field
    assert "facet_values" not in json.loads(old[0].decode().splitlines()[1])
    (delete,) = list(bulk.bulk_lines([7], op="delete"))
    assert json.loads(delete[0]) == {"delete": {"_id": "7"}}


def test_a_word_with_alternatives_or_typed_in_quotes_gets_no_typo_expansion():
    """As FTS5: typos are expanded only for an unknown word without alternatives."""
    fixed = {"photosynthsis": "photosynthesis"}
    plain = json.dumps(queries.scored_text(("photosynthsis",), True, fixed, {}))
    assert '"photosynthesis"' in plain
    for alts in ({"maths": ("math", "mathematics")}, {"maths": ()}):
        body = json.dumps(queries.scored_text(("maths",), True, {"maths": "mats"}, alts))
        assert '"mats"' not in body
        matching = json.dumps(queries.matching_text(("maths",), True, {"maths": "mats"}, alts))
        assert '"mats"' not in matching


def test_the_probe_asks_for_the_words_a_typo_away_only_when_asked():
    assert "suggest" not in queries.probe("polution")
    body = queries.probe("polution", correct=True)
    asked = body["suggest"]
    assert asked["text"] == "polution"
    fields = [s["term"]["field"] for name, s in asked.items() if name != "text"]
    assert fields == queries.SUGGEST_FIELDS
    assert {s["term"]["max_edits"] for name, s in asked.items() if name != "text"} == {2}
    assert "suggest" not in queries.probe("ox", correct=True)  # too short for a typo
    answer = {
        "suggest": {
            "_typo0": [{"text": "polution", "options": [{"text": "pollution", "freq": 1}]}],
            "_typo3": [{"text": "polution", "options": [{"text": "position", "freq": 8}]}],
        }
    }
    assert queries.suggested(answer) == {"pollution", "position"}
    assert queries.suggested({}) == set()
