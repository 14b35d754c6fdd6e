"""The license adapter on the real registry: what may be adapted, which licenses an adaptation
may carry (closest first), clashes and which source to drop, attribution."""

import pytest

from catalog.licenses.models import License
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
    assert choice.explanation
    assert "Lesson A" in choice.explanation or "ShareAlike" in choice.explanation
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


def test_fallback_rules_agree_with_the_registry(licenses, monkeypatch):
    """Our own reading of the flags gives the same answers when rules.py is absent."""
    cases = [
        ["CC-BY-SA-4.0"],
        ["CC-BY-NC-4.0"],
        ["CC-BY-4.0", "CC-BY-NC-4.0"],
        ["CC-BY-4.0", "CC-BY-SA-4.0"],
        ["CC-BY-SA-4.0", "CC-BY-NC-4.0"],
        ["CC-BY-NC-SA-4.0", "CC-BY-NC-4.0"],
    ]
    wired = {tuple(c): licensing.license_choice([lic(k) for k in c]) for c in map(tuple, cases)}
    monkeypatch.setattr(licensing, "_rules", lambda: None)
    assert set(licensing.wiring().values()) == {"fallback"}
    for keys, expected in wired.items():
        got = licensing.license_choice([lic(k) for k in keys])
        assert got.ok == expected.ok, keys
        if got.ok:
            assert got.preselected == expected.preselected, keys
        else:
            assert set(got.drop) == set(expected.drop), keys
    assert not licensing.adaptation_decision(lic("CC-BY-ND-4.0")).allowed


def test_wiring_reports_the_registry_functions(licenses):
    wiring = licensing.wiring()
    assert wiring["allowed licenses / clash"] == "catalog.licenses.rules.compatibility"


def test_material_credit_is_tasl(real):
    material = real["by-sa"]
    credit = licensing.material_credit(material)
    assert material.title in credit.text
    assert "CC BY-SA 4.0" in credit.text
    assert material.url in credit.html
    assert "<script" not in credit.html
