"""What a person reads on a search result: its standard codes, each statement once."""

from search.presentation import display_codes


def test_a_result_shows_each_statement_once_as_the_framework_writes_it():
    # The index holds every spelling for matching: these are a PhET simulation's.
    indexed = [
        "3.NF.1", "3.NF.A.1", "3.nf.1", "3.nf.a.1", "CCSS.Math.Content.3.NF.A.1",
        "http://asn.jesandco.org/resources/S114340A", "5a7a3f4e-1cbd-4d1c-8b1e-5f9a2e0c4b11",
        "3.NF.2.a", "3.NF.A.2.a", "1.G.3", "1.G.A.3", "RL.3.1", "rl.3.1",
    ]  # fmt: skip
    assert display_codes(indexed) == ["1.G.A.3", "3.NF.A.1", "3.NF.A.2.a", "RL.3.1"]


def test_codes_without_a_cluster_letter_stay_and_the_list_is_capped():
    assert display_codes(["K.CC.4", "RL.K.1", "HSA-SSE.A.1"]) == ["HSA-SSE.A.1", "K.CC.4", "RL.K.1"]
    many = [f"4.OA.A.{n}" for n in range(1, 10)]
    assert display_codes(many, limit=3) == ["4.OA.A.1", "4.OA.A.2", "4.OA.A.3"]
