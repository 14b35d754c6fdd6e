"""Teacher phrases per standard: the loader on real lines of the phrase files, that every
suggestible Common Core Math standard has phrases, and that they find the standard of short
exercise-like titles which the statements alone miss; the practice standards' grades (K–12)."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.standards.models import Framework
from catalog.standards.suggestions import phrases as P
from catalog.standards.suggestions import services
from catalog.standards.suggestions.item_texts import (
    framework_candidates,
    grade_label,
    item_grades,
    phrase_rows,
    word_text,
)
from catalog.standards.suggestions.rank import PhraseVectors

from .conftest import CASE_MATH

# Real lines of catalog/standards/suggestions/phrases/ccss-math-k5.tsv.
MP1_LINE = (
    "MP1\tmake sense of problems and persevere | problem solving perseverance | "
    "understand the problem before solving | plan a solution pathway | "
    "try another strategy when stuck | check whether the answer makes sense | "
    "multi-step problem solving strategies | persistence in math problem solving"
)
COMMENT = (
    "# Teacher phrases for Common Core Math k5 standards, written by the registry's "
    "developers from each standard's text; CC0."
)


def test_parse_line_reads_a_real_line_and_skips_comments():
    code, phrases = P.parse_line(MP1_LINE + "\n")
    assert code == "MP1"
    assert phrases[0] == "make sense of problems and persevere"
    assert phrases[-1] == "persistence in math problem solving"
    assert len(phrases) == 8
    assert P.parse_line(COMMENT) is None
    assert P.parse_line("") is None
    assert P.parse_line("  # an indented comment") is None
    with pytest.raises(P.PhraseLineError, match="no tab"):
        P.parse_line("3.NF.A.1 no tab here")
    with pytest.raises(P.PhraseLineError, match="no phrase"):
        P.parse_line("3.NF.A.1\t | ")


def test_load_phrases_merges_files_and_matches_codes_without_case(tmp_path):
    (tmp_path / "a.tsv").write_text(f"{COMMENT}\n{MP1_LINE}\n", "utf-8")
    (tmp_path / "b.tsv").write_text(
        "# more\nMP1\tPersistence in math problem solving | Keep  trying\n", "utf-8"
    )
    (tmp_path / "notes.txt").write_text("MP2\tnot a phrase file\n", "utf-8")
    table = P.load_phrases(tmp_path)
    assert list(table) == ["MP1"]
    assert len(table["MP1"]) == 9 and table["MP1"][-1] == "keep trying"
    P.forget()
    assert P.phrases_for("mp1", tmp_path) == table["MP1"]
    assert P.phrases_for("MP9", tmp_path) == ()


def test_a_code_written_in_two_cases_keeps_the_phrases_of_both(tmp_path):
    (tmp_path / "a.tsv").write_text("4.NF.B.3a\tadd fractions with like denominators\n", "utf-8")
    (tmp_path / "b.tsv").write_text(
        "4.NF.B.3A\tdecompose a fraction | add fractions with like denominators\n", "utf-8"
    )
    P.forget()
    both = ("add fractions with like denominators", "decompose a fraction")
    assert P.phrases_for("4.NF.B.3a", tmp_path) == both
    assert P.phrases_for("4.nf.b.3A", tmp_path) == both
    P.forget()


def test_a_bad_line_is_skipped_with_a_warning_naming_its_file_and_line(tmp_path, caplog):
    (tmp_path / "a.tsv").write_text(
        f"{COMMENT}\n"
        "3.NF.A.1 unit fractions | equal parts\n"  # spaces where the tab belongs
        "3.NF.A.2\t | \n"  # no phrase
        "\tfractions on a number line\n"  # no code
        "3.NF.A.3\tequivalent fractions\tcompare fractions\n"  # a tab for a bar
        f"{MP1_LINE}\n",
        "utf-8",
    )
    with caplog.at_level("WARNING", logger=P.__name__):
        table = P.load_phrases(tmp_path)
    assert list(table) == ["MP1"]
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 4
    assert [w.split(": ")[0] for w in warned] == [f"{tmp_path / 'a.tsv'}:{n}" for n in (2, 3, 4, 5)]
    assert "no tab" in warned[0] and "no phrase" in warned[1]
    assert "no code" in warned[2] and "tab" in warned[3]


def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path, caplog):
    (tmp_path / "a.tsv").write_bytes("\ufeff# comment\r\nMP1\tplan a solution pathway\r\n".encode())
    (tmp_path / "b.tsv").write_bytes("\ufeffMP2\treason abstractly\n".encode())
    with caplog.at_level("WARNING", logger=P.__name__):
        table = P.load_phrases(tmp_path)
    assert table == {"MP1": ("plan a solution pathway",), "MP2": ("reason abstractly",)}
    assert caplog.records == []


def test_a_file_that_is_not_utf8_is_skipped_with_a_warning(tmp_path, caplog):
    (tmp_path / "a.tsv").write_bytes("MP1\tdivisi\xf3n larga\n".encode("latin-1"))
    (tmp_path / "b.tsv").write_text(f"{MP1_LINE}\n", "utf-8")
    with caplog.at_level("WARNING", logger=P.__name__):
        table = P.load_phrases(tmp_path)
    assert len(table["MP1"]) == 8
    assert [r.getMessage().split(": ")[0] for r in caplog.records] == [str(tmp_path / "a.tsv")]


def test_every_line_of_the_shipped_files_parses():
    files = sorted(P.PHRASES_DIR.glob("*.tsv"))
    assert files
    codes = []
    for path in files:
        for number, line in enumerate(path.read_text("utf-8-sig").splitlines(), start=1):
            try:
                parsed = P.parse_line(line)
            except P.PhraseLineError as exc:
                pytest.fail(f"{path.name}:{number}: {exc}")
            if parsed is not None:
                codes.append(parsed[0])
    assert len(codes) == len(set(codes)) >= 500


@pytest.mark.parametrize(
    ("code", "levels", "grades"),
    [
        ("MP1", ["KG"], (0, 12)),  # the CASE copy files the practices under kindergarten
        ("MP.8", [], (0, 12)),
        ("3.NF.A.1", ["03"], (3, 3)),
        ("HSA-REI.B.4a", [], (9, 12)),
    ],
)
def test_item_grades(code, levels, grades):
    assert item_grades(code, levels) == grades


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [
        (0, 12, "Kindergarten to grade 12"),
        (-1, 0, "Pre-K to kindergarten"),
        (-1, 2, "Pre-K to grade 2"),
        (3, 5, "Grade 3 to 5"),
        (9, 12, "High school"),
        (4, 4, "Grade 4"),
        (None, 5, ""),
    ],
)
def test_grade_label(low, high, label):
    assert grade_label(low, high) == label


@pytest.fixture
def ccss_math(db, import_standards):
    import_standards(CASE_MATH)
    return Framework.objects.get(items__human_coding_scheme="CCSS.Math.Content.3.NF.A.1")


def test_every_common_core_math_candidate_has_phrases_and_practices_span_k_12(ccss_math):
    candidates = framework_candidates([ccss_math.pk])
    assert len(candidates) > 400
    assert [c.code for c in candidates if not c.phrases] == []
    practices = [c for c in candidates if c.code.startswith("MP")]
    assert len(practices) == 8
    assert all((c.grade_low, c.grade_high) == (0, 12) for c in practices)
    assert all(c.text.startswith("Kindergarten to grade 12.") for c in practices)
    fractions = next(c for c in candidates if c.code == "3.NF.A.1")
    assert all(p in word_text(fractions) for p in fractions.phrases)
    texts, owners = phrase_rows(candidates)
    assert len(texts) == len(owners) == sum(len(c.phrases) for c in candidates)


def test_a_practice_is_suggested_beyond_kindergarten(ccss_math):
    found = services.suggestions_for_texts(
        [
            {
                "title": "Construct viable arguments and critique the reasoning of others",
                "description": "Students justify their conclusions and respond to the "
                "arguments of others.",
                "grades": ["7"],
            }
        ],
        [ccss_math.pk],
        top=5,
    )[0]
    assert "MP3" in [s.code for s in found]


@pytest.mark.parametrize(
    ("title", "grade", "code"),
    [
        # Short exercise-like titles, written from general knowledge of K-12 vocabulary: the
        # words of the title are not the statement's ("Apply the properties of operations…",
        # "Solve word problems involving dollar bills, quarters, dimes…").
        ("Order of operations", "5", "5.OA.A.1"),
        ("Count coins", "2", "2.MD.C.8"),
        ("Integers on a number line", "6", "6.NS.C.6"),
    ],
)
def test_short_titles_find_their_standard_first_through_teacher_phrases(
    ccss_math, title, grade, code
):
    found = services.suggestions_for_texts(
        [{"title": title, "description": "", "grades": [grade]}], [ccss_math.pk], top=5
    )[0]
    assert found[0].code == code, [s.code for s in found]


def test_phrase_similarity_is_the_mean_of_the_best_phrases_else_the_item_text():
    # Item 0 has three phrases, item 1 none, item 2 one.
    phrases = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    vectors = PhraseVectors.build(phrases, [0, 0, 0, 2], 3)
    query = np.array([[1, 0]], dtype=np.float32)
    fallback = np.array([[0.1, 0.2, 0.3]], dtype=np.float32)
    best = vectors.similarity(query, fallback, top=1)
    two = vectors.similarity(query, fallback, top=2)
    assert best == pytest.approx(np.array([[1.0, 0.2, 0.8]]))
    assert two == pytest.approx(np.array([[0.8, 0.2, 0.8]]))  # (1 + 0.6) / 2; one phrase: itself
    none = PhraseVectors.build(np.zeros((0, 2)), [], 3)
    assert none.similarity(query, fallback, top=2) is fallback


def test_the_reason_names_the_closest_teacher_phrase(ccss_math):
    found = services.suggestions_for_texts(
        [{"title": "Order of operations", "description": "", "grades": ["5"]}],
        [ccss_math.pk],
        top=1,
    )[0]
    assert found[0].code == "5.OA.A.1"
    assert 'close to the phrase "order of operations" (1.00)' in found[0].reason
    assert found[0].reason.startswith('matches "Use parentheses, brackets, or braces')
