"""What the suggestion ranking takes from the text itself (grade words, cited codes, word
matches) and how it weighs aligned neighbours unlike the text (the gate)."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.standards.suggestions import rank as R
from catalog.standards.suggestions.lexical import WordIndex
from catalog.standards.suggestions.text_hints import codes_in_text, grades_in_text


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("Adding fractions, 3rd grade", (3, 3)),
        ("Ratios for grades 6-8", (6, 8)),
        ("Grades K–2 counting to 100", (0, 2)),
        ("A 7th-grade lesson on proportional relationships", (7, 7)),
        ("Grade 4 and grade 5 review", (4, 5)),
        ("Quadratic functions for high school algebra", (9, 12)),
        ("Counting games for kindergarten", (0, 0)),
        ("Area of rectangles", (None, None)),
        ("Grade 13 and 40th grade are not K-12 grades", (None, None)),
    ],
)
def test_grades_in_text(text, grades):
    assert grades_in_text(text) == grades


def test_codes_in_text_reads_short_and_full_common_core_codes():
    text = (
        "Standards: CCSS.MATH.CONTENT.3.NF.A.1, 7.rp.a.2a and HSA-SSE.A.1; see also K.CC.A.1. "
        "Not codes: 3.14, version 2.1.0"
    )
    assert codes_in_text(text) == {"3.NF.A.1", "7.RP.A.2a", "HSA-SSE.A.1", "K.CC.A.1"}


def test_word_index_ranks_the_statement_sharing_the_rare_words():
    words = WordIndex(
        [
            "Solve real world problems involving the perimeter of polygons",
            "Understand a fraction as a number on the number line",
            "Use place value understanding to round whole numbers",
        ]
    )
    scores = words.scores(["Find the perimeters of rectangles and polygons", "zebra"])
    assert scores.shape == (2, 3)
    assert scores[0].argmax() == 0 and scores[0].max() == pytest.approx(1.0)
    assert not scores[1].any()


def _unit(*rows):
    v = np.array(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_gate_ignores_neighbours_unlike_the_text_and_keeps_near_duplicates():
    items = _unit([1, 0, 0, 0], [0, 1, 0, 0])  # the query matches item 0 by its statement
    low, high = R.grade_arrays([None, None], [None, None])
    query = _unit([1, 0.2, 0.1, 0])
    # One aligned material, aligned to item 1 only.
    params = R.RankParams(neighbour_weight=1.0, neighbour_gate=0.5, neighbour_power=1.0)

    def top(neighbour):
        near = R.Neighbours.build(neighbour, [[1]], 2)
        return R.rank(query, [(None, None)], items, low, high, near, params, top=1)[0][0].index

    unlike = _unit([0, 0.2, 0, 1])  # cosine to the query about 0.19: below the gate
    duplicate = query.copy()  # cosine 1: a near duplicate of the text
    assert top(unlike) == 0
    assert top(duplicate) == 1
    ungated = R.RankParams(neighbour_weight=1.0, neighbour_gate=0.0, neighbour_power=1.0)
    near = R.Neighbours.build(unlike, [[1]], 2)
    assert R.rank(query, [(None, None)], items, low, high, near, ungated, top=1)[0][0].index == 1


def test_words_and_cited_codes_move_candidates_up():
    items = _unit([1, 0], [0.9, 0.1])
    low, high = R.grade_arrays([None, None], [None, None])
    query = _unit([1, 0])
    empty = R.Neighbours.build(np.zeros((0, 2)), [], 2)
    params = R.RankParams(lexical_weight=0.2, neighbour_weight=0)
    lexical = np.array([[0.0, 1.0]], dtype=np.float32)
    plain = R.rank(query, [(None, None)], items, low, high, empty, params, top=1)
    worded = R.rank(query, [(None, None)], items, low, high, empty, params, lexical=lexical)
    cited = R.rank(query, [(None, None)], items, low, high, empty, params, mentions=[{1}])
    assert plain[0][0].index == 0 and worded[0][0].index == 1 and cited[0][0].index == 1
