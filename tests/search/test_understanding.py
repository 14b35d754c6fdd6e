"""Query understanding: what teachers type → words (with synonyms), grade filters, grade-band
boosts and standard codes, the same for both engines."""

import pytest

from search.understanding import (
    closest_terms,
    correctable,
    correction_note,
    pick_correction,
    understand,
)

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
        ("lessons about the water cycle", ("water", "cycle"), (), (), ()),
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


@pytest.mark.parametrize(
    ("text", "word", "alternative"),
    [("worksheets", "worksheets", "handout"), ("labs", "labs", "activity")],
)
def test_a_plural_of_a_listed_word_has_its_synonyms(text, word, alternative):
    """The list holds "worksheet": "worksheets" matches handouts too (it matched only
    worksheets, as a word outside the list)."""
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
    u = understand('"maths" handout')
    assert u.words == ("maths", "handout")
    assert u.verbatim == ("maths",)
    assert u.forms("maths") == ("maths",)  # no synonyms, and no typo expansion
    assert "worksheet" in u.forms("handout")
    # A word naming a kind of material, typed in quotes, is a word to match.
    assert understand('fractions "worksheet"').words == ("fractions", "worksheet")


@pytest.mark.parametrize(
    ("word", "vocabulary", "closest", "chosen"),
    [
        # A dropped doubled letter is one edit; "position" (two) is not a candidate, however
        # many documents hold it.
        ("polution", {"pollution": 3, "position": 20, "portion": 9}, ["pollution"], "pollution"),
        # Two letters swapped are one edit (Damerau), against two for a lookalike.
        ("fractoins", {"fractions": 20, "factions": 50}, ["fractions"], "fractions"),
        ("photosynthsis", {"photosynthesis": 2, "photosynthetic": 9}, ["photosynthesis"], None),
        ("sustainibility", {"sustainability": 9, "sustainabality": 1}, ["sustainability"], None),
        ("fracions", {"fractions": 20, "fraction": 13, "factions": 2}, ["fractions"], None),
        # Equally close: the one most documents hold, then alphabetical.
        ("bats", {"bass": 2, "bath": 2, "bat": 9, "bolts": 40}, ["bass", "bat", "bath"], "bat"),
        ("cel", {"cell": 4, "gel": 40, "cello": 1}, ["cell"], "cell"),  # same first letter only
        ("ox", {"on": 5, "oxen": 2}, [], None),  # two letters: no typo distance
        ("zzqxv", {"zebra": 3}, [], None),
    ],
)
def test_the_correction_is_the_closest_word_then_the_most_frequent(
    word, vocabulary, closest, chosen
):
    assert closest_terms(word, vocabulary) == closest
    assert pick_correction(closest, vocabulary) == (chosen or (closest[0] if closest else None))


def test_only_plain_words_without_alternatives_are_corrected():
    assert correctable("polution")
    assert not correctable("k-12") and not correctable("ox")
    assert not correctable("maths", understand('"maths"'))  # typed in quotes
    assert not correctable("math", understand("math"))  # its synonyms are what it means


def test_the_note_names_the_correction_and_searches_what_was_typed():
    note = correction_note("Photosynthsis plants", {"photosynthsis": "photosynthesis"})
    assert note["text"] == "Showing results for photosynthesis plants —"
    assert note["params"] == {"q": '"photosynthsis" plants'}


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("sel activities", "social emotional learning activities"),
        ("ESL vocabulary", "english as a second language vocabulary"),
        ('"sel" activities', '"sel" activities'),  # typed in quotes: as typed
        ("photosynthesis", "photosynthesis"),
    ],
)
def test_abbreviations_are_spelled_out_for_the_embedding(text, meaning):
    understood = understand(text)
    assert understood.meaning_text == meaning
    assert understood.text == text  # what the notes quote, and the words matched, unchanged


@pytest.mark.parametrize(
    ("text", "words", "types"),
    [
        ("chemistry lab", ("chemistry",), ("Activity/Lab",)),
        ("fractions worksheets", ("fractions",), ("Homework/Assignment", "Problem Set")),
        ("spanish class activities", ("spanish",), ("Activity/Lab", "Activity")),
        # Nothing else names the topic: the kind is the topic, matched as words.
        ("worksheets", ("worksheets",), ()),
        ("video lecture", ("video", "lecture"), ()),
    ],
)
def test_resource_type_words_boost_the_kind(text, words, types):
    understood = understand(text)
    assert understood.words == words
    assert understood.type_boost == types


def test_a_school_level_named_alone_is_the_topic():
    assert understand("preschool").level_is_topic
    assert understand("pre-k classroom resources").level_is_topic
    assert not understand("high school chemistry").level_is_topic
