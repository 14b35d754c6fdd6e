"""The search contract, run against the engine settings select (CI: Elasticsearch and FTS5).

Every assertion here must hold for both engines: relevance, typos, codes, grade ranges,
facets under multi-select, sorting, paging, highlights, withdrawn materials, rebuilds.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from unittest import mock

import pytest

from catalog.materials.models import Material
from catalog.materials.services import material_upsert, material_withdraw
from harvesters.demo import DEMO_CSV
from harvesters.normalizers.oer_commons_csv import normalize_row
from search import documents, service
from search.query import BadQuery, SearchQuery

pytestmark = pytest.mark.django_db


def run(text="", filters=None, **kw):
    return service.search(SearchQuery.build(text, filters, **kw))


def titles(res) -> list[str]:
    return [h.title for h in res.hits]


@pytest.fixture(scope="module")
def docs(demo_index, django_db_blocker):
    with django_db_blocker.unblock():
        return list(documents.documents_for(None))


def reference(docs, filters: dict[str, list[str]]) -> list[dict]:
    """What a filter-only query must return, computed in Python from the documents."""
    out = []
    for d in docs:
        ok = True
        for name, values in filters.items():
            field = documents.FACET_FIELDS[name]
            have = d[field] if isinstance(d[field], list) else [d[field]]
            ok = ok and bool(set(have) & set(values))
        if ok:
            out.append(d)
    return out


def reference_counts(docs, filters, facet) -> dict[str, int]:
    others = {k: v for k, v in filters.items() if k != facet}
    counts: dict[str, int] = {}
    field = documents.counted_field(facet)
    for d in reference(docs, others):
        for v in d[field] if isinstance(d[field], list) else [d[field]]:
            if v:
                counts[v] = counts.get(v, 0) + 1
    return counts


# -- the index -----------------------------------------------------------------------------


def test_index_holds_every_active_material(demo_index):
    status = service.index_status()
    assert status["documents"] == demo_index == status["database_active"] > 1700
    assert status["in_sync"]
    assert run().total == demo_index


# -- relevance -----------------------------------------------------------------------------


def test_exact_title_comes_first(demo_index):
    res = run("Spanish for the Workplace")
    assert res.hits[0].title == "Spanish for the Workplace"


def test_title_outranks_description(demo_index):
    res = run("spanish")
    assert res.total >= 10
    assert all("spanish" in t.lower() for t in titles(res)[:5])


def test_a_title_match_outranks_a_long_record_mentioning_the_word(demo_index):
    """A record's length counts against its words (bm25), but a word in a short title says
    more than the same word in a long record: "math" lists materials titled so first (FTS5
    weighs every column by the whole record's length, Elasticsearch each field by its own)."""
    res = run("math", mode="lexical", per_page=8)
    assert sum("math" in t.lower() for t in titles(res)) >= 5, titles(res)


def test_words_close_together_rank_first(demo_index):
    res = run("climate change", mode="lexical")
    assert "climate change" in res.hits[0].title.lower()
    # "global warming" is the same concept (search/data/synonyms.json); a record tagged with
    # both phrases may rank among titles holding one of them.
    about = ["climate" in t.lower() or "global warming" in t.lower() for t in titles(res)[:3]]
    assert sum(about) >= 2


def test_typo_tolerance(demo_index):
    res = run("chemestry")
    assert res.total > 0
    assert "chemistry" in res.hits[0].title.lower()
    assert run("fractoins").total > 0


def test_plural_finds_singular(demo_index):
    singular = {h.id for h in run("fraction", per_page=100).hits}
    plural = {h.id for h in run("fractions", per_page=100).hits}
    assert singular and plural
    assert singular == plural  # one stem: "fraction" and "fractions" find the same materials


def test_all_words_required_when_some_document_has_them(demo_index):
    res = run("virtual reality library")
    assert res.total >= 1
    assert "Leveraging Virtual Reality in a School Library" in titles(res)[:3]


def test_falls_back_to_any_word(demo_index):
    alone = {h.id for h in run("photosynthesis", per_page=100).hits}
    res = run("photosynthesis zzqxv", per_page=100)
    assert alone and {h.id for h in res.hits} == alone  # the unknown word is dropped, not ANDed


def test_stable_tie_break(demo_index):
    a = [h.id for h in run("", per_page=50).hits]
    b = [h.id for h in run("", per_page=50).hits]
    assert a == b == sorted(a)


def test_highlights_are_escaped_marks(demo_index):
    res = run("spanish")
    hl = res.hits[0].highlights
    assert "<mark>" in hl["title"] and "<mark>" in "".join(hl.values())
    assert "<script" not in "".join(hl.values())


# -- filters and facets ----------------------------------------------------------------------


def test_facet_counts_match_the_documents(docs):
    res = run(per_page=1)
    for facet in ("subject", "grade", "resource_type", "license_bucket", "license", "language"):
        expected = reference_counts(docs, {}, facet)
        got = res.counts(facet)
        top = dict(sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))[:50])
        assert got == top, facet


@pytest.mark.parametrize(
    "filters",
    [
        {"subject": ["education"]},
        {"subject": ["education", "mathematics"]},
        {"subject": ["education", "mathematics"], "license_bucket": ["share-only"]},
        {"grade": ["9", "10"], "language": ["en"]},
        {"resource_type": ["Module", "Lesson"], "license_bucket": ["remix-and-share"]},
    ],
)
def test_multi_select_or_within_and_across_facets(docs, filters):
    res = run(filters=filters, per_page=100)
    expected = reference(docs, filters)
    assert res.total == len(expected)
    assert {h.id for h in res.hits} <= {d["id"] for d in expected}
    for facet in filters:
        want = reference_counts(docs, filters, facet)
        got = res.counts(facet)
        for value in filters[facet]:  # selected values report their count had they been alone
            assert got.get(value, 0) == want.get(value, 0), (facet, value)


def test_selecting_a_facet_value_gives_its_count(demo_index):
    base = run("education")
    for value in list(base.counts("license_bucket"))[:2]:
        count = base.counts("license_bucket")[value]
        assert run("education", {"license_bucket": [value]}).total == count


def test_selected_value_stays_listed_at_zero(demo_index):
    res = run("spanish", {"subject": ["no-such-subject"]})
    assert res.total == 0
    values = {v.value: v for v in res.facet("subject").values}
    assert values["no-such-subject"].selected and values["no-such-subject"].count == 0


def test_grade_text_in_query_filters_by_range(demo_index):
    res = run("science grade 10", per_page=50)
    assert res.total > 0
    assert all("10" in h.grades for h in res.hits)


def test_unknown_filter_is_rejected():
    with pytest.raises(BadQuery):
        SearchQuery.build("x", {"colour": ["red"]})
    with pytest.raises(BadQuery):
        SearchQuery.build("x", sort="random")
    with pytest.raises(BadQuery):
        SearchQuery.build("x", page=0)


# -- sorting and paging ----------------------------------------------------------------------


def test_sort_by_title_and_newest(demo_index):
    by_title = run("education", sort="title", per_page=30).hits
    keys = [h.title.casefold().strip() for h in by_title]
    assert keys == sorted(keys)
    newest = run("education", sort="newest", per_page=30).hits
    dates = [h.date_created for h in newest if h.date_created]
    assert dates == sorted(dates, reverse=True)


def test_pages_do_not_overlap(demo_index):
    p1 = {h.id for h in run("education", per_page=20).hits}
    p2 = {h.id for h in run("education", per_page=20, page=2).hits}
    assert len(p1) == len(p2) == 20 and not p1 & p2


def test_last_page_beyond_ten_thousand_is_empty_not_an_error(demo_index):
    res = service.search(SearchQuery.build("", page=500, per_page=100))
    assert res.hits == () and res.total == demo_index


@pytest.mark.parametrize("sort", ["relevance", "title"])
def test_cursor_walks_every_result_once(demo_index, sort):
    first = run("", {"license_bucket": ["share-only"]}, per_page=40, sort=sort)
    seen, res = [h.id for h in first.hits], first
    while res.next_cursor:
        res = service.search(replace(res.query, cursor=res.next_cursor))
        seen += [h.id for h in res.hits]
    assert len(seen) == len(set(seen)) == first.total > 80


# -- standards codes -------------------------------------------------------------------------


@pytest.fixture
def aligned(demo_index, django_db_blocker):
    """Three real materials aligned to 3.NF.A.1 spelled three ways (one only by crosswalk)."""
    picked = list(Material.objects.order_by("pk").values_list("pk", flat=True)[:3])
    codes = {
        picked[0]: ["CCSS.Math.Content.3.NF.A.1"],
        picked[1]: ["3.NF.A.1", "CCSS.Math.Content.3.NF.A.2"],
        picked[2]: ["MA.3.FR.1.1", "CCSS.Math.Content.3.NF.A.1"],  # crosswalked code included
    }
    frameworks = {pk: ["CCSS Math"] for pk in picked}
    fake = mock.patch(
        "search.documents._standards",
        lambda ids: ({i: codes[i] for i in ids if i in codes}, frameworks),
    )
    with fake:
        service.index_materials(picked)
    service.index_refresh()
    yield picked
    service.index_materials(picked)
    service.index_refresh()


def test_code_spellings_find_the_same_materials(aligned):
    short = {h.id for h in run("3.NF.A.1").hits}
    full = {h.id for h in run("CCSS.Math.Content.3.NF.A.1").hits}
    assert short == full == set(aligned)
    assert {h.id for h in run("", {"standard": ["ccss.math.content.3.nf.a.1"]}).hits} == short
    assert {h.id for h in run("MA.3.FR.1.1").hits} == {aligned[2]}
    assert run("", {"framework": ["CCSS Math"]}).total == 3
    assert "CCSS.Math.Content.3.NF.A.1" in next(h for h in run("3.NF.A.1").hits).standards


def test_a_code_query_says_its_results_are_aligned_to_the_code(aligned):
    """A query of codes only finds materials by alignment: each result says "standard" (not
    an empty reason, not "words"), and no "closest in meaning" note is added."""
    res = run("3.NF.A.1")
    assert res.hits and all(h.matched == ("standard",) for h in res.hits)
    assert not any("closest in meaning" in str(n) for n in res.notes)
    assert all(h.matched != ("standard",) for h in run("fractions").hits)


def test_suggest_titles_subjects_and_codes(aligned):
    kinds = {(s["kind"], s["value"]) for s in service.suggest("spanis")}
    assert any(k == "title" and "Spanish" in v for k, v in kinds)
    assert ("subject", "mathematics") in {
        (s["kind"], s["value"]) for s in service.suggest("mathem")
    }
    assert ("standard", "3.nf.a.1") in {(s["kind"], s["value"]) for s in service.suggest("3.nf")}


# -- writes ----------------------------------------------------------------------------------


def _record(remote_id: str, **changes):
    with DEMO_CSV.open(encoding="utf-8") as handle:
        row = next(itertools.islice(csv.DictReader(handle, delimiter=";"), 5, None))
    url = f"https://example.org/search-tests/{remote_id}"
    return replace(normalize_row(row), remote_id=remote_id, url=url, **changes)


def test_saved_material_is_indexed_after_commit_and_withdrawn_is_not_found(
    demo_index, django_capture_on_commit_callbacks
):
    record = _record(
        "search-test-1",
        title="Quokka counting cards",
        grades=("K-5",),
        description="Counting games with quokkas for young learners.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        material = material_upsert("search-test", record).material
    service.index_refresh()
    try:
        # Word matches only: hybrid mode adds semantic neighbours below them.
        assert [h.id for h in run("quokka", mode="lexical").hits] == [material.pk]
        assert run("quokka").hits[0].id == material.pk
        # A K-5 material is found by grade 3, not by grade 7.
        assert run("quokka", {"grade": ["3"]}, mode="lexical").total == 1
        assert run("quokka grade 3", mode="lexical").total == 1
        assert run("quokka", {"grade": ["7"]}, mode="lexical").total == 0
        with django_capture_on_commit_callbacks(execute=True):
            material_withdraw(material, "gone at source")
        service.index_refresh()
        assert run("quokka", mode="lexical").total == 0
        assert material.pk not in [h.id for h in run("quokka").hits]
    finally:
        service.index_materials([material.pk])  # rolled back with the test; keep index clean
        Material.objects.filter(pk=material.pk).delete()
        service.index_materials([material.pk])
        service.index_refresh()


def test_curator_override_is_what_search_sees(demo_index, django_capture_on_commit_callbacks):
    material = Material.objects.order_by("pk")[10]
    material.overrides = {"title": "Wombat geometry override"}
    material.save()
    service.index_materials([material.pk])
    service.index_refresh()
    try:
        assert [h.title for h in run("wombat", mode="lexical").hits] == ["Wombat geometry override"]
    finally:
        material.overrides = {}
        material.save()
        service.index_materials([material.pk])
        service.index_refresh()


def test_rebuild_swaps_in_a_complete_index(demo_index):
    before = run("spanish").total
    service.index_rebuild()
    service.index_refresh()
    assert run("spanish").total == before
    status = service.index_status()
    assert status["in_sync"]
    if "indices" in status:  # Elasticsearch: one versioned index behind the alias
        assert len(status["indices"]) == 1


# -- approved lists --------------------------------------------------------------------------


def _home():
    """The site's home page (migrations make it; a flushing test elsewhere may have removed it)."""
    from wagtail.models import Locale, Page

    from catalog.pages.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=HomePage(title="OER Registry", slug="home"))
    return home


def _approve(page, materials) -> None:
    from catalog.lists.models import Decision, EntryStage, ListEntry

    for material in materials:
        ListEntry.objects.update_or_create(
            list_page=page,
            material=material,
            defaults={"stage": EntryStage.DECIDED, "decision": Decision.APPROVED},
        )


def _publish(publisher, page, capture) -> None:
    """Publish the list as a curator does; the search index follows through the signals."""
    from catalog.lists.services.versions import list_publish

    with capture(execute=True):
        list_publish(publisher, page)
    service.index_refresh()


@pytest.fixture
def publisher(django_user_model):
    return django_user_model.objects.create_superuser("search-lists", "p@example.org", "pw")


@pytest.fixture
def approved_lists(demo_index, publisher, django_capture_on_commit_callbacks):
    """Two live state lists published with real demo materials (one material on both)."""
    from catalog.lists.models import ApprovedListPage

    picked = list(Material.objects.order_by("pk")[20:25])
    pages = {}
    home = _home()
    for jurisdiction, slug, members in (
        ("US-WA", "search-math", picked[:3]),
        ("US-NY", "search-science", picked[2:5]),
    ):
        page = ApprovedListPage(
            title=f"{jurisdiction} list", slug=slug, jurisdiction=jurisdiction, subject="Any"
        )
        home.add_child(instance=page)
        _approve(page, members)
        _publish(publisher, page, django_capture_on_commit_callbacks)
        pages[f"{jurisdiction}:{slug}"] = page
    yield pages, picked
    for page in pages.values():  # rolled back with the test; keep the index clean
        page.delete()
    service.index_materials([m.pk for m in picked])
    service.index_refresh()


def test_documents_carry_published_list_membership(approved_lists):
    _pages, picked = approved_lists
    docs = {d["id"]: d for d in documents.documents_for([m.pk for m in picked])}
    assert docs[picked[0].pk]["approved_lists"] == ["US-WA:search-math"]
    assert docs[picked[2].pk]["approved_lists"] == ["US-NY:search-science", "US-WA:search-math"]
    assert docs[picked[2].pk]["approved_jurisdictions"] == ["US-NY", "US-WA"]
    assert docs[picked[4].pk]["approved_jurisdictions"] == ["US-NY"]
    # The per-material path builds the same document.
    assert documents.material_document(picked[0], lists=None)["approved_lists"] == []


def test_approved_list_facet_and_filters(approved_lists):
    _pages, picked = approved_lists
    ids = [m.pk for m in picked]
    res = run(per_page=1)
    assert res.counts("approved_list") == {"US-WA:search-math": 3, "US-NY:search-science": 3}
    on_wa = run("", {"approved_list": ["US-WA:search-math"]}, per_page=10)
    assert {h.id for h in on_wa.hits} == set(ids[:3]) and on_wa.total == 3
    either = run("", {"approved_list": ["US-WA:search-math", "US-NY:search-science"]})
    assert either.total == 5
    ny = run("", {"approved_jurisdiction": ["US-NY"]}, per_page=10)
    assert {h.id for h in ny.hits} == set(ids[2:])
    # Multi-select: the list facet still counts both lists while one is chosen.
    assert on_wa.counts("approved_list") == res.counts("approved_list")
    values = {v.value: v for v in on_wa.facet("approved_list").values}
    assert values["US-WA:search-math"].selected and not values["US-NY:search-science"].selected


def test_approved_list_counts_match_the_documents_under_other_filters(approved_lists):
    _pages, picked = approved_lists
    docs = list(documents.documents_for(None))
    language = documents.documents_for([picked[0].pk]).__next__()["language"]
    filters = {"approved_list": ["US-NY:search-science"], "language": [language]}
    res = run(filters=filters, per_page=100)
    assert res.total == len(reference(docs, filters)) > 0
    for facet in filters:
        want = reference_counts(docs, filters, facet)
        assert {k: v for k, v in res.counts(facet).items() if v} == want, facet


def test_publishing_a_new_version_reindexes_what_joined_and_left(
    approved_lists, publisher, django_capture_on_commit_callbacks
):
    from catalog.lists.models import EntryStage, ListEntry

    pages, picked = approved_lists
    wa = pages["US-WA:search-math"]
    ListEntry.objects.filter(list_page=wa, material=picked[0]).update(stage=EntryStage.REMOVED)
    _approve(wa, [picked[4]])
    # Nothing is reindexed until the list is published: search shows the published list.
    assert picked[0].pk in {h.id for h in run("", {"approved_list": ["US-WA:search-math"]}).hits}
    _publish(publisher, wa, django_capture_on_commit_callbacks)
    on_wa = {h.id for h in run("", {"approved_list": ["US-WA:search-math"]}).hits}
    assert on_wa == {picked[1].pk, picked[2].pk, picked[4].pk}


def test_unpublishing_a_list_takes_its_materials_off(
    approved_lists, django_capture_on_commit_callbacks
):
    pages, picked = approved_lists
    with django_capture_on_commit_callbacks(execute=True):
        pages["US-NY:search-science"].unpublish()
    service.index_refresh()
    assert run(per_page=1).counts("approved_list") == {"US-WA:search-math": 3}
    assert run("", {"approved_jurisdiction": ["US-NY"]}).total == 0


def test_search_page_shows_the_approved_list_facet(approved_lists, client):
    html = client.get("/search/", {"approved_list": "US-WA:search-math"}).content.decode()
    assert "<legend>On an approved list</legend>" in html
    assert 'value="US-WA:search-math" checked' in html and "US-WA list (US-WA)" in html
    assert "On an approved list: US-WA list (US-WA)" in html  # the active-filter chip
    data = client.get("/api/v1/search", {"approved_jurisdiction": "US-NY"}).json()
    assert data["total"] == 3 and data["facets"]["approved_list"]


# -- suggested alignments ---------------------------------------------------------------------


@pytest.fixture
def suggested_alignment(demo_index, shared_data):
    """Real materials and the real CCSS framework: one aligned to 3.NF.A.1 by a curator, one
    with a pending suggestion of it (not an alignment), one with a rejected suggestion."""
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import AlignmentSuggestion, SuggestionStatus
    from catalog.standards.selectors import item_lookup
    from catalog.standards.services import alignment_add

    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    item = item_lookup("3.NF.A.1")
    confirmed, pending, rejected = Material.objects.order_by("-pk")[:3]
    alignment_add(confirmed, item)
    AlignmentSuggestion.objects.create(material=pending, item=item, score=0.8)
    AlignmentSuggestion.objects.create(
        material=rejected, item=item, score=0.9, status=SuggestionStatus.REJECTED
    )
    ids = [confirmed.pk, pending.pk, rejected.pk]
    service.index_materials(ids)
    service.index_refresh()
    yield {"confirmed": confirmed.pk, "pending": pending.pk, "rejected": rejected.pk}
    AlignmentSuggestion.objects.filter(material_id__in=ids).delete()
    confirmed.alignments.all().delete()
    service.index_materials(ids)
    service.index_refresh()


def test_standard_filter_can_include_suggested_alignments(suggested_alignment):
    ids = suggested_alignment
    only = run("", {"standard": ["3.NF.A.1"]})
    assert {h.id for h in only.hits} == {ids["confirmed"]}
    both = run("", {"standard": ["CCSS.Math.Content.3.NF.A.1"]}, include_suggested=True)
    assert {h.id for h in both.hits} == {ids["confirmed"], ids["pending"]}
    assert both.total == 2
    # Words and a suggested standard together, on either ranking.
    for mode in ("lexical", "hybrid"):
        worded = run("", {"standard": ["3.NF.A.1"]}, include_suggested=True, mode=mode)
        assert {h.id for h in worded.hits} == {ids["confirmed"], ids["pending"]}
    # A suggestion is no alignment: the hit's standards are its confirmed ones only.
    hit = next(h for h in both.hits if h.id == ids["pending"])
    assert "3.NF.A.1" not in hit.standards
    (doc,) = documents.documents_for([ids["pending"]])
    assert "3.nf.a.1" in doc["standard_keys_with_suggested"]
    assert "3.nf.a.1" not in doc["standard_keys"]


def test_a_corrected_typo_is_said_with_a_search_for_what_was_typed(demo_index):
    res = run("sustainibility")
    assert res.total > 0
    assert res.corrections == {"sustainibility": "sustainability"}
    note = res.notes[0]
    assert note["text"] == "Showing results for sustainability —"
    assert note["link"] == "search instead for sustainibility"
    assert note["params"] == {"q": '"sustainibility"'}
    # The word in quotes is taken as typed: nothing corrected, nothing said.
    typed = run('"sustainibility"', mode="lexical")
    assert typed.total == 0 and not typed.corrections and not typed.notes
    assert not run("sustainability").corrections


def test_a_typo_is_corrected_in_keywords_too(demo_index):
    """ "biomechanics" is only in keywords: both engines expand a typo in every weighted field."""
    exact = {h.id for h in run("biomechanics", mode="lexical").hits}
    typo = run("biomechanis", mode="lexical")
    assert exact and {h.id for h in typo.hits} == exact


@pytest.fixture
def photosynthesis(demo_index, django_capture_on_commit_callbacks):
    """A material about photosynthesis (the demo records only say "photosynthetic")."""
    record = _record(
        "search-test-photosynthesis",
        title="Photosynthesis: how plants make food",
        description="Leaves turn light, water and carbon dioxide into sugar by photosynthesis.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        material = material_upsert("search-test", record).material
    service.index_refresh()
    yield material
    service.index_materials([material.pk])  # rolled back with the test; keep index clean
    Material.objects.filter(pk=material.pk).delete()
    service.index_materials([material.pk])
    service.index_refresh()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # One edit (a doubled letter dropped) beats "position", two edits away though more
        # documents hold it.
        ("polution", "pollution"),
        ("sustainibility", "sustainability"),
        ("fracions", "fractions"),
        ("fractoins", "fractions"),  # two letters swapped: one edit
        ("chemestry", "chemistry"),
        # As close to "product" and "mobile": the word more documents hold wins.
        ("projuct", "project"),
        ("modile", "module"),
    ],
)
def test_a_typo_is_corrected_to_the_closest_indexed_word(demo_index, typed, meant):
    res = run(typed, mode="lexical")
    assert res.corrections == {typed: meant}
    assert res.notes[0]["text"] == f"Showing results for {meant} —"
    exact = {h.id for h in run(meant, mode="lexical", per_page=100).hits}
    assert exact and {h.id for h in run(typed, mode="lexical", per_page=100).hits} == exact


def test_a_typo_of_a_word_added_since_the_rebuild_is_corrected(photosynthesis):
    res = run("photosynthsis", mode="lexical")
    assert res.corrections == {"photosynthsis": "photosynthesis"}
    assert res.hits[0].id == photosynthesis.pk
    assert res.notes[0]["text"] == "Showing results for photosynthesis —"
    # Several words: the typo is corrected, the other word kept.
    both = run("photosynthsis plants", mode="lexical")
    assert both.corrections == {"photosynthsis": "photosynthesis"}
    assert both.hits[0].id == photosynthesis.pk


@pytest.mark.parametrize("word", ["consent", "maternal"])
def test_a_rare_word_spelled_right_is_not_corrected(demo_index, word):
    """ "consent" and "maternal" are in one record each, a letter away from "content" and
    "material" in hundreds: an indexed word is taken as meant."""
    res = run(word, mode="lexical")
    assert res.total >= 1 and not res.corrections and not res.notes
    assert all(word in (h.title + h.description).lower() for h in res.hits)


# -- the standard facet ----------------------------------------------------------------------

STANDARD_PLAN = {  # position among the picked materials → the CCSS statements it is aligned to
    0: ["3.NF.A.1"],
    1: ["3.NF.A.1", "3.NF.A.2"],
    2: ["3.NF.A.1"],
    3: ["3.NF.A.2"],
    4: ["4.NF.A.1"],
}


@pytest.fixture
def standard_alignments(demo_index, shared_data):
    """Real materials aligned by a curator to real CCSS statements (the CASE framework, whose
    human codes read ``CCSS.Math.Content.3.NF.A.1``): 3.NF.A.1 on three, 3.NF.A.2 on two (one
    of them on both), 4.NF.A.1 on one."""
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Alignment
    from catalog.standards.selectors import item_lookup
    from catalog.standards.services import alignment_add

    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    picked = list(Material.objects.order_by("pk")[40:45])
    for position, codes in STANDARD_PLAN.items():
        for code in codes:
            alignment_add(picked[position], item_lookup(code))
    ids = [m.pk for m in picked]
    service.index_materials(ids)
    service.index_refresh()
    yield ids
    Alignment.objects.filter(material_id__in=ids).delete()
    service.index_materials(ids)
    service.index_refresh()


def test_documents_carry_each_aligned_statement_once_as_its_framework_writes_it(
    standard_alignments,
):
    docs = {d["id"]: d for d in documents.documents_for(standard_alignments)}
    both = docs[standard_alignments[1]]
    assert both["standard_codes_display"] == ["3.NF.A.1", "3.NF.A.2"]
    # The index still matches every spelling; the facet holds one code per statement.
    assert "CCSS.Math.Content.3.NF.A.1" in both["standards"]


def test_standard_facet_counts_aligned_statements(standard_alignments):
    res = run(per_page=1)
    assert res.counts("standard") == {"3.NF.A.1": 3, "3.NF.A.2": 2, "4.NF.A.1": 1}
    # Under another filter, as the documents say.
    docs = list(documents.documents_for(None))
    language = next(d["language"] for d in docs if d["id"] == standard_alignments[0])
    filters = {"language": [language]}
    assert run(filters=filters, per_page=1).counts("standard") == reference_counts(
        docs, filters, "standard"
    )


def test_ticking_a_standard_filters_and_keeps_counting_the_others(standard_alignments):
    ids = standard_alignments
    res = run("", {"standard": ["3.NF.A.1"]}, per_page=100)
    assert {h.id for h in res.hits} == {ids[0], ids[1], ids[2]}
    # Multi-select: the facet counts as if none were ticked, the ticked value marked.
    assert res.counts("standard") == {"3.NF.A.1": 3, "3.NF.A.2": 2, "4.NF.A.1": 1}
    assert [v.value for v in res.facet("standard").values if v.selected] == ["3.NF.A.1"]
    either = run("", {"standard": ["3.NF.A.1", "4.NF.A.1"]}, per_page=100)
    assert {h.id for h in either.hits} == {ids[0], ids[1], ids[2], ids[4]}


def test_a_typed_spelling_ticks_the_counted_code(standard_alignments):
    res = run("", {"standard": ["ccss.math.content.3.nf.a.1"]})
    assert res.total == 3
    values = {v.value: (v.count, v.selected) for v in res.facet("standard").values}
    assert values == {"3.NF.A.1": (3, True), "3.NF.A.2": (2, False), "4.NF.A.1": (1, False)}
    # A code no aligned statement is written as is shown as typed, ticked, at zero.
    none = run("", {"standard": ["9.ZZ.A.9"]})
    assert none.total == 0
    assert ("9.ZZ.A.9", 0, True) in {
        (v.value, v.count, v.selected) for v in none.facet("standard").values
    }
