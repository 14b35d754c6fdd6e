"""Fusion of word matches and semantic neighbours (``search.hybrid.fuse``): pure, no engine."""

from search.hybrid import fuse, titled
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


def test_a_word_match_missing_one_word_keeps_its_weight():
    """Rank fusion flattens the engines' coordination, so the query words a hit holds weigh
    it, but missing one word costs nothing (keywords, which coverage does not read, or a
    word of the wording)."""
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


def test_a_word_match_holding_little_of_a_long_query_counts_in_proportion():
    u = understand("volcano eruption lava ash cloud")
    one = _hit(1, "Cloud types")  # one word of five: a quarter of the weight
    most = _hit(2, "Volcano eruption: lava and ash")  # four of five: all of it
    near = _hit(3, "Mount St Helens")
    fused = fuse([one, most], [near], (), u)
    assert [h.id for h in fused] == [2, 3, 1]


def test_a_word_match_holding_its_word_where_coverage_does_not_read_keeps_its_weight():
    """The engine matched a word of the query, maybe in the keywords (which hits do not carry)
    or in a subject written with hyphens ("special-education"): it holds at least one word,
    so it is never weighted as holding none (it fell behind every neighbour by meaning)."""
    u = understand("special education inclusion")
    tagged = _hit(1, "Supporting learners with dyslexia")  # "special education" in keywords
    near = [_hit(i, f"Neighbour {i}") for i in range(2, 40)]
    fused = fuse([tagged], near, (), u)
    assert fused[0].id == 1, [h.title for h in fused[:3]]


def test_a_title_holds_a_query_word_only_as_a_whole_word_or_its_plural():
    """The title bonus reads whole words: "chess" is not in "Chemistry basics", "gas" not in
    "Game of law"; a plural or singular still counts."""
    assert not titled(_hit(1, "Chemistry basics"), understand("chess"))
    assert not titled(_hit(2, "Game of law"), understand("gas laws"))
    assert not titled(_hit(3, "Articles of Confederation"), understand("art"))
    assert titled(_hit(4, "Gas Laws"), understand("gas law"))
    assert titled(_hit(5, "Adding Fractions"), understand("fraction"))
    assert titled(_hit(6, "Glass and glasses"), understand("glass"))
