"""The license adapter on the real registry: what may be adapted, which licenses an adaptation
may carry (closest first), clashes and which source to drop, attribution."""

import json
from pathlib import Path

import pytest

from catalog.licenses.models import License
from catalog.licenses.rules import remix
from catalog.teachers import licensing

pytestmark = pytest.mark.django_db


def lic(key):
    return License.objects.get(key=key)


@pytest.mark.parametrize(
    "key, allowed",
    [
        ("CC-BY-4.0", True),
        ("CC-BY-SA-4.0", True),
        ("CC-BY-NC-4.0", True),
        ("CC-BY-NC-SA-4.0", True),
        ("CC0-1.0", True),
        ("CC-PDM-1.0", True),
        ("CC-BY-ND-4.0", False),
        ("CC-BY-NC-ND-4.0", False),
        ("CC-BY-NC-ND-3.0-US", False),
        ("LicenseRef-All-Rights-Reserved", False),
    ],
)
def test_adaptation_decision(licenses, key, allowed):
    decision = licensing.adaptation_decision(lic(key))
    assert decision.allowed is allowed
    assert decision.reason


def test_nd_and_arr_and_unknown_say_why_in_plain_words(licenses):
    assert "NoDerivatives" in licensing.adaptation_decision(lic("CC-BY-ND-4.0")).reason
    assert "not changed" in licensing.adaptation_decision(lic("CC-BY-ND-4.0")).reason
    arr = licensing.adaptation_decision(lic("LicenseRef-All-Rights-Reserved"))
    assert "permission" in arr.reason
    unknown = licensing.adaptation_decision(None)
    assert not unknown.allowed and "could not identify" in unknown.reason


@pytest.mark.parametrize(
    "source, preselected, offered, refused",
    [
        ("CC-BY-SA-4.0", "CC-BY-SA-4.0", {"CC-BY-SA-4.0"}, {"CC-BY-4.0", "CC-BY-NC-SA-4.0"}),
        ("CC-BY-NC-4.0", "CC-BY-NC-4.0", {"CC-BY-NC-SA-4.0"}, {"CC-BY-4.0", "CC-BY-SA-4.0"}),
        ("CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0", set(), {"CC-BY-NC-4.0", "CC-BY-SA-4.0"}),
        ("CC-BY-4.0", "CC-BY-4.0", {"CC-BY-SA-4.0", "CC-BY-NC-4.0"}, {"CC0-1.0"}),
        ("CC-BY-SA-3.0", "CC-BY-SA-3.0", {"CC-BY-SA-4.0"}, {"CC-BY-4.0"}),
        ("CC0-1.0", "CC0-1.0", {"CC-BY-4.0"}, set()),
    ],
)
def test_license_choice_single_source(licenses, source, preselected, offered, refused):
    choice = licensing.license_choice([lic(source)])
    keys = {x.key for x in choice.allowed}
    assert choice.ok
    assert choice.preselected.key == preselected
    assert offered <= keys
    assert not (refused & keys)
    # never an ND or all-rights-reserved target: what teachers adapt stays adaptable
    assert not any(x.no_derivatives for x in choice.allowed)


def test_by_sa_and_by_nc_clash_and_name_the_source_to_drop(licenses):
    choice = licensing.license_choice(
        [lic("CC-BY-SA-4.0"), lic("CC-BY-NC-4.0")], ["Lesson A", "Lesson B"]
    )
    assert not choice.ok
    assert choice.explanation.startswith(
        "“Lesson A” (CC BY-SA 4.0) can't be combined with “Lesson B” (CC BY-NC 4.0) because "
        "the first requires commercial use to stay allowed and the second forbids it."
    )
    assert set(choice.drop) == {(0,), (1,)}


def test_by_sa_and_by_nc_sa_clash(licenses):
    choice = licensing.license_choice([lic("CC-BY-SA-4.0"), lic("CC-BY-NC-SA-4.0")])
    assert not choice.ok and set(choice.drop) == {(0,), (1,)}


def test_compatible_remix_preselects_the_closest(licenses):
    choice = licensing.license_choice([lic("CC-BY-4.0"), lic("CC-BY-NC-4.0")])
    assert choice.ok
    assert choice.preselected.key == "CC-BY-NC-4.0"
    assert {x.key for x in choice.allowed} <= {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0"}
    sa = licensing.license_choice([lic("CC-BY-4.0"), lic("CC-BY-SA-4.0")])
    # BY-SA 4.0 is one-way compatible with GPLv3 (CC, 2015): offered, but last
    assert sa.preselected.key == "CC-BY-SA-4.0"
    assert {x.key for x in sa.allowed[1:]} <= {"GPL-3.0-only", "GPL-3.0-or-later"}


def test_a_nd_source_is_blocked_and_must_be_dropped(licenses):
    choice = licensing.license_choice([lic("CC-BY-4.0"), lic("CC-BY-ND-4.0"), lic("CC-BY-SA-4.0")])
    assert not choice.ok
    assert choice.blocked == (1,)
    assert choice.drop == ((1,),)


GOLDEN = json.loads((Path(__file__).parent / "license_choice_golden.json").read_text("utf-8"))


def _answer(keys, labelled):
    lics = [lic(k) if k else None for k in keys]
    labels = [f"Lesson {i}" for i in range(len(keys))] if labelled else None
    choice = licensing.license_choice(lics, labels)
    return {
        "sources": list(keys),
        "labelled": labelled,
        "allowed": [x.key for x in choice.allowed],
        "explanation": choice.explanation,
        "drop": [list(d) for d in choice.drop],
        "blocked": list(choice.blocked),
    }, list(choice.requirements)


def test_small_combinations_keep_their_answers(licenses):
    """Pairs, triples and mixes of real licenses (ShareAlike of several versions, a version-less
    BY-SA, NC, ND, public domain, GFDL, GPL, all rights reserved, none) get the answers that an
    exhaustive search over every subset of sources gives: the allowed targets closest first,
    the refusal naming the conflicting sources, every smallest set of sources to drop."""
    assert len(GOLDEN["cases"]) > 300
    for expected in GOLDEN["cases"]:
        got, requirements = _answer(expected["sources"], expected["labelled"])
        assert got == expected
        assert requirements == [GOLDEN["requirements"][k or ""] for k in expected["sources"]]


@pytest.fixture
def rule_budget(monkeypatch):
    """Counts evaluations of the one per-(target, source) rule; stops the test (through any
    ``except Exception``) as soon as the budget is spent, so a subset search fails fast."""
    calls = {"count": 0, "budget": None}
    real_rule = remix._candidate_ok

    def counted(candidate, source):
        calls["count"] += 1
        if calls["budget"] is not None and calls["count"] > calls["budget"]:
            pytest.fail(f"more than {calls['budget']} rule evaluations")
        return real_rule(candidate, source)

    monkeypatch.setattr(remix, "_candidate_ok", counted)
    return calls


@pytest.mark.parametrize("n", [16, 20])
def test_many_mixed_share_alike_sources_cost_polynomial_work(licenses, rule_budget, n):
    """Half BY-SA 4.0, half BY-NC-SA 4.0: a search over subsets of sources to drop would try
    tens of thousands of subsets; the answer needs a number of rule evaluations (and queries)
    bounded by a small polynomial in the number of sources."""
    sa, nc_sa = lic("CC-BY-SA-4.0"), lic("CC-BY-NC-SA-4.0")
    sources = [sa, nc_sa] * (n // 2)
    rule_budget["budget"] = 2 * n**3
    choice = licensing.license_choice(sources, [f"Lesson {i}" for i in range(n)])
    assert not choice.ok
    evens, odds = tuple(range(0, n, 2)), tuple(range(1, n, 2))
    assert set(choice.drop) == {evens, odds}
    assert "“Lesson 0” (CC BY-SA 4.0) and “Lesson 1” (CC BY-NC-SA 4.0)" in choice.explanation
    assert "“Lesson 0” (CC BY-SA 4.0) and “Lesson 2”" not in choice.explanation  # same licence
    assert rule_budget["count"] > 0


def test_many_compatible_sources_are_cheap(licenses, rule_budget, django_assert_max_num_queries):
    sources = [lic("CC-BY-4.0"), lic("CC-BY-NC-4.0"), lic("CC-BY-NC-SA-4.0")] * 6
    rule_budget["budget"] = 2 * len(sources) ** 3
    with django_assert_max_num_queries(5):
        choice = licensing.license_choice(sources)
    assert [x.key for x in choice.allowed] == ["CC-BY-NC-SA-4.0"]


def test_material_credit_is_tasl(real):
    material = real["by-sa"]
    credit = licensing.material_credit(material)
    assert material.title in credit.text
    assert "CC BY-SA 4.0" in credit.text
    assert material.url in credit.html
    assert "<script" not in credit.html


def test_a_lesson_remix_is_not_offered_a_software_licence(licenses):
    """CC BY-SA 4.0 permits GPLv3 for adaptations, but a lesson is not software: GPL is offered
    only when a source already carries a software licence."""
    lesson = licensing.license_choice([lic("CC-BY-4.0"), lic("CC-BY-SA-4.0")])
    assert [x.key for x in lesson.allowed] == ["CC-BY-SA-4.0"]
    code = licensing.license_choice([lic("CC-BY-SA-4.0"), lic("GPL-3.0-only")])
    assert "GPL-3.0-only" in [x.key for x in code.allowed]
