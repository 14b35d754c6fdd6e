"""Fusion of word matches and semantic neighbours (``search.hybrid.fuse``): pure, no engine."""

from search.hybrid import fuse
from search.query import Hit
from search.understanding import understand


def _hit(i, title, description="", grades=()):
    return Hit(
        id=i,
        slug=str(i),
        title=title,
        description=description,
        provider="",
        grades=grades,
        resource_types=(),
        subjects=(),
        license_key="",
        license_bucket="",
        standards=(),
        date_created=None,
        score=1.0,
    )


def test_a_word_match_keeps_most_of_its_weight_when_it_holds_some_of_the_words():
    """Rank fusion flattens the engines' coordination, so the share of the query's words a
    hit holds weighs it, but never below half: matches by keywords are not seen there."""
    u = understand("volcano eruption")
    half = _hit(1, "Volcano models")  # one of the two words in its title
    near = _hit(2, "How the Earth's crust moves")
    fused = fuse([half], [near], (), u)
    assert [h.id for h in fused] == [1, 2]
    assert fused[0].matched == ("words",) and fused[1].matched == ("meaning",)


def test_a_hit_in_both_lists_ranks_first_and_says_both():
    u = understand("volcano eruption")
    both = _hit(3, "Volcano eruption lab")
    fused = fuse([_hit(1, "Volcano eruption"), both], [both], (), u)
    assert fused[0].id == 3 and fused[0].matched == ("words", "meaning")


def test_a_named_school_level_lifts_its_materials():
    u = understand("high school volcano")
    other = _hit(1, "Volcano")
    level = _hit(2, "Volcano", grades=("9", "10"))
    fused = fuse([other, level], [], u.grade_boost, u)
    assert [h.id for h in fused] == [2, 1]
