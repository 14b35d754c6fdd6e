"""What a teacher types → words, grades and standard codes (pure functions, no database)."""

from __future__ import annotations

import pytest

from search.textparse import edit_distance, normalize_code, parse_text


@pytest.mark.parametrize(
    "code",
    ["3.NF.A.1", "CCSS.Math.Content.3.NF.A.1", "ccss.math.content.3.nf.a.1", " 3.nf.a.1 "],
)
def test_code_spellings_normalise_alike(code):
    assert normalize_code(code) == "3.nf.a.1"


def test_ela_and_ngss_codes_keep_their_strand():
    assert normalize_code("CCSS.ELA-Literacy.RL.3.1") == "rl.3.1"
    assert parse_text("HS-LS1-1 cells").codes == ("hs-ls1-1",)


@pytest.mark.parametrize(
    "text,words,grades",
    [
        ("fractions 3rd grade", ("fractions",), ("3",)),
        ("grade 3 fractions", ("fractions",), ("3",)),
        ("lessons for grades 3-5 on fractions", ("lessons", "fractions"), ("3", "4", "5")),
        ("kindergarten counting", ("counting",), ("K",)),
        ("the water cycle", ("water", "cycle"), ()),
        ("the", ("the",), ()),  # only stop words: keep them rather than search for nothing
    ],
)
def test_parse_text(text, words, grades):
    parsed = parse_text(text)
    assert parsed.words == words
    assert parsed.grades == grades


def test_codes_are_taken_out_of_the_words():
    parsed = parse_text("CCSS.Math.Content.3.NF.A.1 number line")
    assert parsed.codes == ("3.nf.a.1",)
    assert parsed.words == ("number", "line")


def test_edit_distance_counts_transpositions_as_one():
    assert edit_distance("fractoins", "fractions", 2) == 1
    assert edit_distance("chemestry", "chemistry", 2) == 1
    assert edit_distance("wombat", "woman", 1) == 2  # above the limit: limit + 1
