"""The search page's facets, paging past the end and notes; the API past the last page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from catalog.materials.grades import grade_number
from search import views
from search.query import SearchQuery, SearchResults
from tests.search import test_conformance

pytestmark = pytest.mark.django_db
# Real materials aligned to, and suggested for, 3.NF.A.1 (the conformance tests' fixture).
suggested_alignment = test_conformance.suggested_alignment
# Real materials aligned to 3.NF.A.1 (three), 3.NF.A.2 (two) and 4.NF.A.1 (one).
standard_alignments = test_conformance.standard_alignments


def _facet(response, name):
    return next(f for f in response.context["facets"] if f["name"] == name)


def _school_order(value):
    n = grade_number(value)
    return (n is None, n if n is not None else 0)


def test_grades_are_in_school_order_then_post_secondary(client, demo_index):
    grade = _facet(client.get("/search/", {"q": ""}), "grade")
    values = [v["value"] for v in grade["values"] + grade["more"]]
    assert len(values) > 5
    assert values == sorted(values, key=_school_order)
    # Every school grade is shown at once; post-secondary bands may wait behind "more".
    assert all(grade_number(v["value"]) > 12 for v in grade["more"])


def test_other_facets_by_count_with_show_more(client, demo_index):
    res = client.get("/search/", {"q": ""})
    subject = _facet(res, "subject")
    assert len(subject["values"]) == 8 and subject["more"]
    counts = [v["count"] for v in subject["values"] + subject["more"]]
    assert counts == sorted(counts, reverse=True)
    html = res.content.decode()
    assert '<details class="facet-more">' in html
    assert f"Show {len(subject['more'])} more" in html


def test_a_ticked_value_is_never_hidden(client, demo_index):
    subject = _facet(client.get("/search/", {"q": ""}), "subject")
    rare = subject["more"][-1]["value"]
    ticked = _facet(client.get("/search/", {"q": "", "subject": rare}), "subject")
    assert rare in [v["value"] for v in ticked["values"] if v["selected"]]
    assert rare not in [v["value"] for v in ticked["more"]]
    # Even at zero: another filter leaves no material of that subject.
    zero = client.get("/search/", {"q": "", "subject": [rare, "no-such-subject"]})
    shown = {v["value"]: v["count"] for v in _facet(zero, "subject")["values"]}
    assert shown["no-such-subject"] == 0
    assert 'value="no-such-subject" checked' in zero.content.decode()


def test_counts_read_as_materials_not_in_brackets(client, demo_index):
    html = client.get("/search/", {"q": ""}).content.decode()
    assert '<span class="visually-hidden"> materials</span>' in html
    assert 'class="count">(' not in html


def test_the_page_has_one_search_box(client, demo_index):
    html = client.get("/search/", {"q": "fractions"}).content.decode()
    assert html.count('role="search"') == 1


def test_a_page_past_the_end_says_so_and_links_the_last(client, demo_index):
    first = client.get("/search/", {"q": "education"})
    pages, total = first.context["results"].pages, first.context["results"].total
    assert pages > 2
    res = client.get("/search/", {"q": "education", "page": pages + 1})
    html = res.content.decode()
    assert "No materials match" not in html
    assert f"Page {pages + 1} is past the end; there are {total} materials over {pages} pages" in (
        html
    )
    assert f"page={pages}" in res.context["past_end"]["last_url"]
    # The last page itself is an ordinary page.
    last = client.get("/search/", {"q": "education", "page": pages})
    assert last.context["past_end"] is None and last.context["cards"]


def test_api_page_past_the_end_is_a_404_with_totals(client, demo_index):
    first = client.get("/api/v1/search", {"q": "education"}).json()
    assert first["pages"] > 2
    res = client.get("/api/v1/search", {"q": "education", "page": first["pages"] + 1})
    assert res.status_code == 404
    body = res.json()
    assert body["total"] == first["total"] and body["pages"] == first["pages"]
    assert "past the end" in body["error"]
    ok = client.get("/api/v1/search", {"q": "education", "page": first["pages"]})
    assert ok.status_code == 200 and ok.json()["results"]


def test_notes_render_words_and_their_other_search():
    res = SearchResults(
        query=SearchQuery(text="photosynthsis"),
        hits=(),
        total=3,
        notes=(
            "No grade 3 materials; 12 for grades 3–5.",
            {
                "text": "Showing results for photosynthesis —",
                "link": "search instead for photosynthsis",
                "params": {"q": "photosynthsis", "mode": "lexical"},
            },
        ),
    )
    notes = views._notes(res)
    assert notes[0] == {"text": "No grade 3 materials; 12 for grades 3–5.", "url": "", "link": ""}
    assert notes[1]["url"] == "?q=photosynthsis&mode=lexical"
    html = render_to_string(
        "search/search.html", {"results": res, "notes": notes, "cards": [], "facets": []}
    )
    assert '<div class="search-notes" role="status">' in html
    assert (
        'Showing results for photosynthesis — <a href="?q=photosynthsis&amp;mode=lexical">'
        "search instead for photosynthsis</a>" in html
    )


def test_page_includes_suggested_alignments_and_marks_them(client, suggested_alignment):
    ids = suggested_alignment
    plain = client.get("/search/", {"standard": "3.NF.A.1"})
    assert [c["hit"].id for c in plain.context["cards"]] == [ids["confirmed"]]
    assert 'id="f-include-suggested"' in plain.content.decode()
    res = client.get("/search/", {"standard": "3.NF.A.1", "include_suggested": "1"})
    marked = {c["hit"].id: c["suggested"] for c in res.context["cards"]}
    assert marked == {ids["confirmed"]: False, ids["pending"]: True}
    html = res.content.decode()
    assert html.count('<span class="match-suggested">suggested</span>') == 1
    assert 'name="include_suggested" value="1" checked' in html


def test_api_include_suggested(client, suggested_alignment):
    params = {"standard": "3.NF.A.1"}
    assert client.get("/api/v1/search", params).json()["total"] == 1
    both = client.get("/api/v1/search", {**params, "include_suggested": "true"}).json()
    assert both["total"] == 2
    marked = {r["id"]: r["suggested_alignment"] for r in both["results"]}
    assert marked == {suggested_alignment["confirmed"]: False, suggested_alignment["pending"]: True}
    spec = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert "include_suggested" in names
    bad = client.get("/api/v1/search", {**params, "include_suggested": "maybe"})
    assert bad.status_code == 400 and "include_suggested" in bad.json()["error"]


def test_standard_facet_shows_codes_with_counts(client, standard_alignments):
    res = client.get("/search/", {"q": ""})
    facet = res.context["standard_facet"]
    shown = [(v["value"], v["count"]) for v in facet["values"] + facet["more"]]
    assert shown == [("3.NF.A.1", 3), ("3.NF.A.2", 2), ("4.NF.A.1", 1)]
    # In the Standard group with the box for typing a code, not a second "Standard" group.
    assert "standard" not in [f["name"] for f in res.context["facets"]]
    html = res.content.decode()
    assert html.count("<legend>Standard</legend>") == 1
    assert 'name="standard" value="3.NF.A.1">' in html
    assert '3.NF.A.1 <span class="count">3<span class="visually-hidden"> materials' in html


def test_ticking_a_standard_filters_with_one_standard_parameter(client, standard_alignments):
    ids = standard_alignments
    res = client.get("/search/", {"q": "", "standard": "3.NF.A.2"})
    assert {c["hit"].id for c in res.context["cards"]} == {ids[1], ids[3]}
    html = res.content.decode()
    # Ticked once, in the facet (not again in a list of typed codes), the others still offered.
    assert html.count('name="standard" value="3.NF.A.2" checked') == 1
    assert 'name="standard" value="3.NF.A.1">' in html
    # A code typed in another spelling ticks the facet's value instead of adding its own.
    typed = client.get("/search/", {"q": "", "standard": "CCSS.Math.Content.3.NF.A.2"})
    assert {c["hit"].id for c in typed.context["cards"]} == {ids[1], ids[3]}
    typed_html = typed.content.decode()
    assert 'name="standard" value="3.NF.A.2" checked' in typed_html
    assert 'value="CCSS.Math.Content.3.NF.A.2"' not in typed_html
    # A typed code the facet does not count stays ticked, without a count it does not know.
    other = client.get("/search/", {"q": "", "standard": "9.ZZ.A.9"}).content.decode()
    assert 'value="9.ZZ.A.9" checked' in other
    assert '9.ZZ.A.9 <span class="count">' not in other
