"""Query understanding: what teachers type → words (with synonyms), grade filters, grade-band
boosts and standard codes, the same for both engines."""

import pytest

from search.understanding import understand

HS = ("9", "10", "11", "12")


@pytest.mark.parametrize(
    ("text", "words", "grades", "boost", "codes"),
    [
        ("3rd grade math", ("math",), ("3",), (), ()),
        ("9th graders biology", ("biology",), ("9",), (), ()),
        ("grades 6-8 ELA", ("ela",), ("6", "7", "8"), (), ()),
        ("K-2 reading", ("reading",), ("K", "1", "2"), (), ()),
        ("kindergarten counting", ("counting",), ("K",), (), ()),
        ("high school Spanish", ("spanish",), (), HS, ()),
        (
            "middle school earth and space science",
            ("earth and space science",),
            (),
            ("6", "7", "8"),
            (),
        ),
        ("pre-k classroom resources", ("classroom", "resources"), (), ("PK",), ()),
        ("elementary fractions", ("fractions",), (), ("K", "1", "2", "3", "4", "5"), ()),
        ("CCSS.Math.Content.3.NF.A.1 fractions", ("fractions",), (), (), ("3.nf.a.1",)),
        ("MS-LS1-6", (), (), (), ("ms-ls1-6",)),
        ("lessons about the water cycle", ("lessons", "water", "cycle"), (), (), ()),
        ("social studies", ("social studies",), (), (), ()),
    ],
)
def test_understanding_table(text, words, grades, boost, codes):
    u = understand(text)
    assert (u.words, u.grades, u.grade_boost, u.codes) == (words, grades, boost, codes)


@pytest.mark.parametrize(
    ("text", "word", "alternative"),
    [
        ("math", "math", "mathematics"),
        ("mathematics", "mathematics", "math"),
        ("ELA", "ela", "english language arts"),
        ("social studies", "social studies", "civics"),
        ("bio", "bio", "biology"),
        ("esl vocab", "vocab", "vocabulary"),
    ],
)
def test_subject_nicknames_have_their_synonyms(text, word, alternative):
    assert alternative in understand(text).forms(word)


def test_generic_words_are_dropped_only_when_others_remain():
    assert understand("chemistry classroom resources").words == ("chemistry",)
    assert understand("classroom resources").words == ("classroom", "resources")
