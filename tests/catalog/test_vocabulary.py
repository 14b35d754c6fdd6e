"""Every stored value a person reads has words: subjects, languages, grades, sources, buckets."""

import pytest

from catalog import vocabulary


@pytest.mark.parametrize(
    "value, words",
    [
        ("environmental-science", "Environmental science"),
        ("u-s-history", "U.S. History"),
        ("english-language-arts", "English Language Arts (ELA)"),
        ("language-education-esl", "Language education (ESL)"),
        ("career-and-technical-education", "Career and technical education (CTE)"),
        ("Physics", "Physics"),  # already words (PhET, OpenStax): kept
        ("Earth and Space Science", "Earth and Space Science"),
        ("", ""),
    ],
)
def test_subject_labels(value, words):
    assert vocabulary.subject_label(value) == words


@pytest.mark.parametrize(
    "grades, words",
    [
        (["03", "4", "5"], "Grades 3–5"),
        (["3", "4", "5", "graduate-professional"], "Grade 3 – Graduate / professional"),
        (["K"], "Kindergarten"),
        (["PK", "K", "1"], "Grades Pre-K–1"),
        (["middle-school"], "Grades 6–8"),
        ([], ""),
    ],
)
def test_grade_summary(grades, words):
    assert vocabulary.grade_summary(grades) == words


def test_languages_sources_and_buckets():
    assert vocabulary.language_label("en") == "English"
    assert vocabulary.language_label("es-MX") == "Spanish"
    assert vocabulary.language_label("xx") == "xx"
    assert vocabulary.source_label("oer-commons-demo") == "OER Commons"
    assert vocabulary.source_label("phet-demo") == "PhET Interactive Simulations"
    assert vocabulary.source_label("state-oer-hub") == "State OER Hub"
    assert vocabulary.bucket_label("share-only") == "You may share, not change"
    assert vocabulary.label("grade", "03") == "Grade 3"
    assert vocabulary.label("license", "CC-BY-4.0") == "CC-BY-4.0"  # no vocabulary: as stored


def test_search_labels_come_from_the_vocabulary():
    from search import presentation

    assert presentation.value_label("subject", "u-s-history") == "U.S. History"
    assert presentation.value_label("language", "en") == "English"
    assert presentation.grade_summary(["3", "4", "5"]) == "Grades 3–5"
