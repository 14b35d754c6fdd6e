import pytest

from catalog.standards.codes import asn_id, ccss_key, display_codes, item_codes, lookup_keys

# The same standard as each source writes it: official dot notation, short code, ASN notation,
# corestandards.org URIs (current, NGSS alignTo and 2010 forms).
SAME_STANDARD = [
    (
        "math:3.nf.1",
        ["CCSS.Math.Content.3.NF.A.1", "http://corestandards.org/Math/Content/3/NF/A/1"],
        ["3.NF.A.1", "3.NF.1"],
    ),
    (
        "math:n.q.3",
        [
            "CCSS.Math.Content.HSN-Q.A.3",
            "http://corestandards.org/Math/Content/HSN/Q/A/3",
            "https://www.thecorestandards.org/Math/Content/HSN/Q/A/3/",  # as PhET links it
        ],
        ["N-Q.3"],
    ),
    ("math:s.id.6.a", ["CCSS.Math.Content.HSS-ID.B.6a"], ["S-ID.6.a"]),
    ("math:g.c.1", ["CCSS.Math.Content.HSG-C.A.1"], ["G-C.1"]),
    ("math:k.cc.1", ["CCSS.Math.Content.K.CC.A.1"], ["K.CC.1", "K.CC.A.1"]),
    (
        "math:mp.2",
        ["CCSS.Math.Practice.MP2", "http://corestandards.org/Math/Practice/MP2"],
        ["MP.2"],
    ),
    ("math:3.nf.a", ["Math.3.NF.A", "http://corestandards.org/2010/math/content/3/NF/A"], []),
    ("ela:ccra.r.1", ["CCSS.ELA-Literacy.CCRA.R.1"], []),
    (
        "ela:rst.6.8.1",
        ["http://corestandards.org/ELA-Literacy/RST/6-8/1", "CCSS.ELA-Literacy.RST.6-8.1"],
        [],
    ),
]


@pytest.mark.parametrize(("key", "self_describing", "math_bare"), SAME_STANDARD)
def test_every_spelling_of_a_standard_has_one_key(key, self_describing, math_bare):
    for code in self_describing:
        assert ccss_key(code) == key, code
    for code in math_bare:
        assert ccss_key(code, "math") == key, code


def test_ela_bare_codes_need_the_subject_and_anchor_standards_are_rewritten():
    assert ccss_key("RL.3.1") == ""
    assert ccss_key("RL.3.1", "ela") == ccss_key("CCSS.ELA-Literacy.RL.3.1")
    assert ccss_key("R.CCR.1", "ela") == "ela:ccra.r.1"


def test_not_common_core():
    assert ccss_key("http://asn.jesandco.org/resources/S1143483") == ""
    assert ccss_key("") == ""


def test_asn_ids_from_both_uri_forms():
    assert asn_id("http://asn.jesandco.org/resources/S1143483") == "S1143483"
    assert asn_id("https://salt-dev.edplancms.com/uri/http://purl.org/ASN/resources/S114340D") == (
        "S114340D"
    )
    assert asn_id("http://asn.desire2learn.com/resources/S1143483") == "S1143483"
    assert asn_id("5b6c487e-04f1-5ba9-9722-d099849b9167") == ""


def test_item_codes_and_lookup_keys_meet():
    codes = item_codes("http://purl.org/ASN/resources/S1143483", "", "3.NF.1", "math")
    assert ("asn", "s1143483") in codes and ("ccss_key", "math:3.nf.1") in codes
    keys = lookup_keys("CCSS.Math.Content.3.NF.A.1")
    assert "math:3.nf.1" in keys
    assert "s1143483" in lookup_keys("S1143483")


# What a person reads on a search result: its standard codes, each statement once.
def test_a_result_shows_each_statement_once_as_the_framework_writes_it():
    # The index holds every spelling for matching: these are a PhET simulation's.
    indexed = [
        "3.NF.1", "3.NF.A.1", "3.nf.1", "3.nf.a.1", "CCSS.Math.Content.3.NF.A.1",
        "http://asn.jesandco.org/resources/S114340A", "5a7a3f4e-1cbd-4d1c-8b1e-5f9a2e0c4b11",
        "3.NF.2.a", "3.NF.A.2.a", "1.G.3", "1.G.A.3", "RL.3.1", "rl.3.1",
    ]  # fmt: skip
    assert display_codes(indexed) == ["1.G.A.3", "3.NF.A.1", "3.NF.A.2.a", "RL.3.1"]


def test_lookup_keys_asn_ids_and_blanks_are_not_shown():
    # A material aligned to 3.NF.A.1 of the CASE copy: every code the index holds for it.
    indexed = [
        "3.NF.A.1", "CCSS.Math.Content.3.NF.A.1", "ccss.math.content.3.nf.a.1",
        "http://purl.org/asn/resources/s1143483", "math:3.nf.1", "s1143483", "S1143483",
        "D10003FB", "", "  ",
    ]  # fmt: skip
    assert display_codes(indexed) == ["3.NF.A.1"]
    assert display_codes([]) == []


def test_codes_without_a_cluster_letter_stay_and_the_list_is_capped():
    assert display_codes(["K.CC.4", "RL.K.1", "HSA-SSE.A.1"]) == ["HSA-SSE.A.1", "K.CC.4", "RL.K.1"]
    many = [f"4.OA.A.{n}" for n in range(1, 10)]
    assert display_codes(many, limit=3) == ["4.OA.A.1", "4.OA.A.2", "4.OA.A.3"]
