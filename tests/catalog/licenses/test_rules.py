"""Rules: open definitions, buckets, remix compatibility (every pair and triple of CC 4.0 plus
cross-version cases), attribution."""

from __future__ import annotations

import itertools
import json

import pytest

from catalog.licenses import rules
from catalog.licenses.models import License
from catalog.licenses.rules import (
    BY_ONLY,
    NO_NC,
    READ_ONLY,
    REMIX_AND_SHARE,
    REUSE_ADAPT,
    SHARE_ONLY,
    STANDARD_TERMS,
    LicenseTerms,
    Work,
    attribution,
    bucket,
    compatibility,
    is_open,
)

CC4 = [
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
]


@pytest.fixture
def lic(loaded_registry, db):
    return lambda key: License.objects.get(key=key)


# --- is_open and bucket (on the real registry records) ----------------------------------------

OPEN_TABLE = [
    # key, reuse-adapt, by-only, no-nc, bucket
    ("CC0-1.0", True, True, True, REMIX_AND_SHARE),
    ("CC-PDM-1.0", True, True, True, REMIX_AND_SHARE),
    ("CC-BY-4.0", True, True, True, REMIX_AND_SHARE),
    ("CC-BY-SA-4.0", True, False, True, REMIX_AND_SHARE),
    ("CC-BY-NC-4.0", True, False, False, REMIX_AND_SHARE),
    ("CC-BY-NC-SA-4.0", True, False, False, REMIX_AND_SHARE),
    ("CC-BY-ND-4.0", False, False, False, SHARE_ONLY),
    ("CC-BY-NC-ND-4.0", False, False, False, SHARE_ONLY),
    ("CC-BY-NC-ND-1.0", False, False, False, SHARE_ONLY),
    ("CC-BY-2.5-IN", True, True, True, REMIX_AND_SHARE),
    ("CC-BY-NC-SA-3.0-US", True, False, False, REMIX_AND_SHARE),
    ("CC-BY", True, True, True, REMIX_AND_SHARE),
    ("MIT", True, True, True, REMIX_AND_SHARE),
    ("GPL-3.0-only", True, False, True, REMIX_AND_SHARE),
    ("LicenseRef-US-Government-Work", True, True, True, REMIX_AND_SHARE),
    ("LicenseRef-All-Rights-Reserved", False, False, False, READ_ONLY),
    ("LicenseRef-Custom-Terms", False, False, False, READ_ONLY),
    ("CC-Sampling-Plus-1.0", False, False, False, READ_ONLY),
]


@pytest.mark.parametrize("key, reuse_adapt, by_only, no_nc, expected_bucket", OPEN_TABLE)
def test_is_open_and_bucket(lic, key, reuse_adapt, by_only, no_nc, expected_bucket):
    record = lic(key)
    assert is_open(record, REUSE_ADAPT) is reuse_adapt
    assert is_open(record, BY_ONLY) is by_only
    assert is_open(record, NO_NC) is no_nc
    assert bucket(record) == expected_bucket


def test_is_open_reads_the_setting(lic, settings):
    settings.OER_OPEN_DEFINITION = NO_NC
    assert is_open(lic("CC-BY-NC-4.0")) is False
    settings.OER_OPEN_DEFINITION = REUSE_ADAPT
    assert is_open(lic("CC-BY-NC-4.0")) is True


def test_unknown_definition_and_no_license():
    assert is_open(None) is False and bucket(None) == READ_ONLY
    with pytest.raises(ValueError, match="unknown OER open definition"):
        is_open(STANDARD_TERMS["CC-BY-4.0"], "anything")


# --- compatibility: every pair and triple of CC 4.0 ------------------------------------------


def oracle(keys: tuple[str, ...]) -> set[str]:
    """What an adaptation of these CC 4.0 works may carry, stated independently of rules.py."""
    codes = {k.removeprefix("CC-").removesuffix("-4.0") for k in keys}
    if any("ND" in c for c in codes):
        return set()
    nc = any("NC" in c for c in codes)
    if "BY-SA" in codes:
        return set() if nc else {"CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later"}
    if "BY-NC-SA" in codes:
        return {"CC-BY-NC-SA-4.0"}
    if nc:
        return {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"}
    return set(CC4)


COMBOS = [c for n in (1, 2, 3) for c in itertools.combinations_with_replacement(CC4, n)]


@pytest.mark.parametrize(
    "keys",
    COMBOS,
    ids=["+".join(k.removeprefix("CC-").removesuffix("-4.0") for k in c) for c in COMBOS],
)
def test_adaptation_of_cc4_combinations(keys):
    answer = compatibility([STANDARD_TERMS[k] for k in keys])  # pure: no database
    assert set(answer.adaptation.allowed) == oracle(keys)
    if not answer.adaptation.allowed:
        assert answer.adaptation.reasons
    # a collection keeps works separate: always possible for CC 4.0; NC sources keep NC
    assert answer.collection.ok
    if any("-NC" in k for k in keys):
        assert all("-NC" in k for k in answer.collection.allowed)


def test_by_sa_and_by_nc_cannot_combine_and_name_the_source_to_drop():
    sources = [
        rules.LicenseTerms.of(STANDARD_TERMS["CC-BY-SA-4.0"], label="Wikipedia diagram"),
        rules.LicenseTerms.of(STANDARD_TERMS["CC-BY-NC-4.0"], label="Khan worksheet"),
    ]
    verdict = compatibility(sources).adaptation
    assert not verdict.ok
    assert set(verdict.drop) == {"Wikipedia diagram", "Khan worksheet"}
    text = " ".join(verdict.reasons)
    assert "forbids" in text and "leave out" in text


def test_nd_blocks_adaptation_but_not_collection():
    answer = compatibility(
        [
            STANDARD_TERMS["CC-BY-4.0"],
            rules.LicenseTerms.of(STANDARD_TERMS["CC-BY-ND-4.0"], label="poster"),
        ]
    )
    assert not answer.adaptation.ok
    assert any("NoDerivatives" in r for r in answer.adaptation.reasons)
    assert answer.adaptation.drop == ("poster",)
    assert answer.collection.ok and any("unchanged" in r for r in answer.collection.reasons)


# --- cross-version and non-CC cases on real registry records ----------------------------------

CROSS = [
    (["CC-BY-SA-3.0", "CC-BY-SA-4.0"], {"CC-BY-SA-4.0"}),  # BY-SA 3.0 is not GPL-compatible
    (["CC-BY-SA-2.0", "CC-BY-SA-3.0"], {"CC-BY-SA-3.0", "CC-BY-SA-4.0"}),
    (["CC-BY-SA-3.0-DE"], {"CC-BY-SA-3.0-DE", "CC-BY-SA-4.0"}),
    (["CC-BY-SA-1.0", "CC-BY-SA-4.0"], set()),
    (["CC-BY-NC-SA-2.0", "CC-BY-NC-SA-3.0"], {"CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0"}),
    (["CC-BY-NC-SA-3.0-US", "CC-BY-NC-4.0"], {"CC-BY-NC-SA-3.0-US", "CC-BY-NC-SA-4.0"}),
    (["CC-BY-SA-4.0", "GPL-3.0-only"], {"GPL-3.0-only"}),
    (["CC-BY-SA-3.0", "GPL-3.0-only"], set()),
    (["CC-BY-3.0", "CC-BY-SA-4.0"], {"CC-BY-SA-4.0", "GPL-3.0-only", "GPL-3.0-or-later"}),
    (["CC0-1.0", "CC-PDM-1.0"], {"CC0-1.0", *CC4}),
    (["CC0-1.0", "CC-BY-NC-SA-4.0"], {"CC-BY-NC-SA-4.0"}),
    (["CC-PDM-1.0", "CC-BY-NC-ND-4.0"], set()),
    (["CC-BY-SA-4.0", "CC-BY-NC-SA-4.0"], set()),
    (["LicenseRef-All-Rights-Reserved", "CC-BY-4.0"], set()),
    (["CC-BY-SA"], set()),  # version unknown: which later versions it accepts is unknown
    (["MIT", "CC-BY-4.0"], set(CC4) | {"MIT"}),
]


@pytest.mark.parametrize("keys, allowed", CROSS, ids=["+".join(k) for k, _ in CROSS])
def test_cross_version_adaptation(lic, keys, allowed):
    answer = compatibility([lic(k) for k in keys])
    assert set(answer.adaptation.allowed) == allowed, answer.adaptation.reasons


def test_by_is_not_silently_upgraded(lic):
    answer = compatibility([lic("CC-BY-3.0"), lic("CC-BY-4.0")])
    assert "Credit CC BY 3.0 under its own licence, CC BY 3.0, in your attribution." in (
        answer.adaptation.reasons
    )


def _labelled(lic, key, label):
    return LicenseTerms.of(lic(key), label=label)


def test_two_sources_under_the_same_share_alike_licence_do_not_conflict(lic):
    sources = [
        _labelled(lic, "CC-BY-SA-4.0", "Tides"),
        _labelled(lic, "CC-BY-SA-4.0", "Waves"),
        _labelled(lic, "CC-BY-NC-4.0", "Moons"),
    ]
    reasons = compatibility(sources).adaptation.reasons
    assert not any("Tides" in r and "Waves" in r for r in reasons), reasons
    assert not any("satisfies both" in r for r in reasons)
    assert (
        "“Tides” (CC BY-SA 4.0) can't be combined with “Moons” (CC BY-NC 4.0) because the first "
        "requires commercial use to stay allowed and the second forbids it"
    ) in reasons


def test_refusals_are_plain_words(lic):
    sources = [_labelled(lic, "CC-BY-SA-4.0", "Tides"), _labelled(lic, "CC-BY-NC-SA-4.0", "Moons")]
    reasons = compatibility(sources).adaptation.reasons
    assert reasons[0].startswith("“Tides” (CC BY-SA 4.0) and “Moons” (CC BY-NC-SA 4.0) can't be")
    assert "leave out “Tides” or “Moons” to make the adaptation possible" in reasons
    assert not any("'" in r.replace("can't", "") or "not upgraded" in r for r in reasons)


def test_all_rights_reserved_blocks_collection(lic):
    answer = compatibility([lic("LicenseRef-All-Rights-Reserved"), lic("CC-BY-4.0")])
    assert not answer.collection.ok
    assert answer.collection.drop == ("LicenseRef-All-Rights-Reserved",)


def test_as_dict_is_json():
    json.dumps(compatibility([STANDARD_TERMS["CC-BY-4.0"]]).as_dict())


def test_no_sources_is_an_error():
    with pytest.raises(ValueError):
        compatibility([])


# --- attribution ------------------------------------------------------------------------------


def test_tasl_attribution_text_html_jsonld(lic):
    work = Work(
        "Fractions on a Number Line",
        ("Ada Lovelace",),
        "https://example.org/fractions",
        lic("CC-BY-4.0"),
    )
    a = attribution(work)
    assert (
        a.text == '"Fractions on a Number Line" by Ada Lovelace (https://example.org/fractions)'
        " is licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )
    assert (
        '<a href="https://example.org/fractions" rel="noopener">Fractions on a Number Line</a>'
        in a.html
    )
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener"' in a.html
    assert a.jsonld["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert a.jsonld["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]


def test_tasl_names_the_source_and_links_its_site(lic):
    work = Work(
        "Fractions",
        ("Ada Lovelace",),
        "https://example.org/lessons/fractions",
        lic("CC-BY-4.0"),
        source="Example Press",
        source_url="https://example.org/",
    )
    a = attribution(work)
    assert ", from Example Press, is licensed under CC BY 4.0" in a.text
    assert (
        'by Ada Lovelace, from <a href="https://example.org/" rel="noopener">Example Press</a>,'
        in (a.html)
    )
    assert a.jsonld["publisher"] == {"@type": "Organization", "name": "Example Press"}


def test_derivative_attribution_names_sources_and_changes(lic):
    derived = Work(
        "Fractions remix", ("Grace Hopper",), "https://example.org/remix", lic("CC-BY-SA-4.0")
    )
    sources = [
        Work("Fractions", ("Ada",), "https://example.org/a", lic("CC-BY-4.0")),
        Work("Number lines", (), "https://example.org/b", lic("CC0-1.0")),
    ]
    a = attribution(derived, adapted_from=sources, changes="Translated and shortened")
    assert "Adapted from:" in a.text and "Translated and shortened." in a.text
    assert '"Number lines" (https://example.org/b) is in the public domain (CC0 1.0).' in a.text
    assert a.html.count("<li>") == 2
    assert [s["name"] for s in a.jsonld["isBasedOn"]] == ["Fractions", "Number lines"]


def test_attribution_html_escapes_injection():
    work = Work(
        "<script>alert(1)</script>",
        ('"><img onerror=x>',),
        "javascript:alert(1)",
        STANDARD_TERMS["CC-BY-4.0"],
    )
    a = attribution(work)
    assert "<script>" not in a.html and "<img" not in a.html and "javascript:" not in a.html


def test_attribution_without_license():
    a = attribution(Work("Untitled", (), "", None))
    assert "license unknown" in a.text
