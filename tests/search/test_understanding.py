"""Query understanding: what teachers type → words (with synonyms), grade filters, grade-band
boosts and standard codes, the same for both engines."""

import pytest

from search.query import Hit
from search.understanding import correction_note, corrections, understand

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
        ("pre-k classroom resources", ("pre k",), (), ("PK",), ()),
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


@pytest.mark.parametrize(
    ("text", "words", "boost"),
    [
        ("preschool", ("preschool",), ("PK",)),
        ("pre-k classroom resources", ("pre k",), ("PK",)),
        ("middle school", ("middle school",), ("6", "7", "8")),
        ("middle school science", ("science",), ("6", "7", "8")),
    ],
)
def test_a_school_level_alone_is_also_the_topic(text, words, boost):
    u = understand(text)
    assert (u.words, u.grade_boost) == (words, boost)


def test_quoted_words_are_taken_as_typed():
    u = understand('"maths" worksheet')
    assert u.words == ("maths", "worksheet")
    assert u.verbatim == ("maths",)
    assert u.forms("maths") == ("maths",)  # no synonyms, and no typo expansion
    assert "handout" in u.forms("worksheet")


def _hit(i, title, description="", matched=("words",)):
    return Hit(
        id=i,
        slug=str(i),
        title=title,
        description=description,
        provider="",
        grades=(),
        resource_types=(),
        subjects=(),
        license_key="",
        license_bucket="",
        standards=(),
        date_created=None,
        score=1.0,
        matched=matched,
    )


def test_corrections_are_read_from_the_hits_found_by_words():
    hits = [
        _hit(1, "Photosynthesis in leaves", "How plants use light"),
        _hit(2, "Light and plants", "photosynthesis and respiration"),
        _hit(3, "Photosphere of the sun", matched=("meaning",)),
    ]
    u = understand("photosynthsis plants")
    assert corrections(u, hits) == {"photosynthsis": "photosynthesis"}
    assert corrections(understand("photosynthesis"), hits) == {}
    assert corrections(understand("plant"), hits) == {}  # a plural form is no typo
    # A word held only where the hits are not read (keywords) is not turned into a lookalike
    # that a few of them hold.
    rare = [*hits[:2], *(_hit(i, "Leaves", "light") for i in range(4, 8))]
    rare[0] = _hit(1, "Biomechanical models", "photosynthesis")
    assert corrections(understand("biomechanics"), rare) == {}
    note = correction_note("Photosynthsis plants", {"photosynthsis": "photosynthesis"})
    assert note["text"] == "Showing results for photosynthesis plants —"
    assert note["params"] == {"q": '"photosynthsis" plants'}
