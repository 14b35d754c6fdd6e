import pytest

from catalog.materials.grades import grade_range, parse_grades


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        (["upper-primary"], ["3", "4", "5"]),
        (["lower-primary", "preschool"], ["PK", "K", "1", "2"]),
        (["grade-3"], ["3"]),
        (["3rd grade"], ["3"]),
        (["K-2"], ["K", "1", "2"]),
        (["Grades 6-8"], ["6", "7", "8"]),
        (
            ["high-school", "graduate-professional"],
            ["9", "10", "11", "12", "graduate-professional"],
        ),
        (["nonsense", ""], []),
    ],
)
def test_parse_grades_from_real_band_names(raw, codes):
    assert parse_grades(raw) == codes


def test_grade_range_spans_k12_and_postsecondary():
    assert grade_range(["K", "1", "2"]) == (0, 2)
    assert grade_range(["PK", "12"]) == (-1, 12)
    assert grade_range(["high-school"]) == (None, None)  # a band name, not a code
    assert grade_range([]) == (None, None)
