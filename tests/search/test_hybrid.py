"""Hybrid ranking on the configured engine (CI: both): words and meaning fused, modes, why a
result matched, stable cursors, similar materials, and vectors following catalog changes
through the "embeddings" outbox consumer.

The demo vectors are computed once per test session, into an index of their own
(``demo_vectors``, tests/search/conftest.py); texts embedded before are read from the shared
cache (``VAR_DIR/search/embedding-cache.sqlite3``), so only a first run embeds them.
"""

import re

import pytest

from catalog.materials.models import IndexOutbox
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from search import documents, indexing, service
from search.query import BadQuery, SearchQuery
from search.vectors import store
from search.vectors.consumer import EMBEDDINGS, current_keys

pytestmark = pytest.mark.django_db

CALM = re.compile(r"mindful|stress|anxiety|mental health|well-?being|relax", re.I)


def run(text, **kw):
    return service.search(SearchQuery.build(text, **kw))


def test_a_query_by_meaning_finds_what_no_word_matches(demo_vectors):
    text = "ways for kids to feel calm and less worried"
    lexical = run(text, mode="lexical", per_page=10)
    hybrid = run(text, per_page=10)
    semantic = run(text, mode="semantic", per_page=10)
    about = [sum(bool(CALM.search(h.title)) for h in r.hits) for r in (lexical, hybrid, semantic)]
    assert about[0] < 2 and about[2] >= 3
    assert about[1] >= 2 and about[1] > about[0]  # meaning lifts them into the first page
    assert all(h.matched == ("meaning",) for h in semantic.hits)
    assert any("meaning" in h.matched for h in hybrid.hits)


def test_hybrid_keeps_word_matches_and_says_why(demo_vectors):
    res = run("spanish", per_page=20)
    assert all("spanish" in h.title.lower() for h in res.hits[:5])
    assert {"words", "meaning"} <= {m for h in res.hits for m in h.matched}
    assert res.total >= run("spanish", mode="lexical").total


def test_filters_apply_to_both_lists_and_facets_count_both(demo_vectors):
    res = run("feeling calm", per_page=50, filters={"license_bucket": ["remix-and-share"]})
    assert res.hits and all(h.license_bucket == "remix-and-share" for h in res.hits)
    assert sum(res.counts("license_bucket").values()) >= res.total


def test_hybrid_cursor_pages_are_stable_and_disjoint(demo_vectors):
    whole = [h.id for h in run("climate change teaching", per_page=60).hits]
    seen, cursor = [], None
    for _ in range(6):
        res = service.search(
            SearchQuery.build("climate change teaching", per_page=10, cursor=cursor)
        )
        seen += [h.id for h in res.hits]
        cursor = res.next_cursor
    assert seen == whole and len(set(seen)) == len(seen) == 60
    by_page = [
        h.id for p in (1, 2, 3) for h in run("climate change teaching", per_page=20, page=p).hits
    ]
    assert by_page == whole


def test_mode_is_checked_and_taken_by_the_api(client, demo_vectors):
    with pytest.raises(BadQuery, match="mode"):
        SearchQuery.build("x", mode="fuzzy")
    data = client.get("/api/v1/search", {"q": "feeling calm", "mode": "semantic"}).json()
    assert data["mode"] == "semantic" and data["results"]
    assert all(r["matched"] == ["meaning"] for r in data["results"])
    assert client.get("/api/v1/search", {"q": "x", "mode": "fuzzy"}).status_code == 400


def test_similar_materials_endpoint(client, demo_vectors):
    first = run("spanish", mode="lexical").hits[0]
    data = client.get(f"/api/v1/materials/{first.id}/similar", {"limit": 8}).json()
    ids = [r["id"] for r in data["results"]]
    assert ids and first.id not in ids and len(ids) <= 8
    buckets = [r["license_bucket"] == first.license_bucket for r in data["results"]]
    assert buckets == sorted(buckets, reverse=True)  # same licence bucket first
    assert client.get("/api/v1/materials/999999999/similar").status_code == 404


@pytest.fixture
def own_index(own_catalog, own_search_index, settings):
    """An index of this test's own catalog (no drains on commit: the test drains)."""
    settings.OER_SEARCH = {**own_search_index, "INDEX_ON_CHANGE": False}
    service.index_rebuild()
    return settings.OER_SEARCH


def test_vectors_follow_a_change_through_the_embeddings_queue(own_index):
    record = MaterialRecord(
        remote_id="vec-1", title="Photosynthesis: how plants make food", url="https://e.org/1"
    )
    material = material_upsert("src", record).material
    queued = IndexOutbox.objects.filter(index=EMBEDDINGS, material_id=material.pk)
    assert queued.exists()
    indexing.drain_until_empty(indexing.LEXICAL)
    path = store.store_path()
    assert material.pk not in store.keys_of(path, [material.pk])  # searchable, no vector yet
    assert service.index_status()["queue"][EMBEDDINGS]["depth"] == 1

    indexing.drain_until_empty(EMBEDDINGS)
    (doc,) = documents.documents_for([material.pk])
    assert store.keys_of(path, [material.pk]) == current_keys([doc])
    service.index_refresh()
    res = run("leaves turning sunlight into sugar", mode="semantic")
    assert material.pk in [h.id for h in res.hits]

    material_upsert(
        "src", MaterialRecord(remote_id="vec-1", title="Volcanoes", url="https://e.org/1")
    )
    indexing.drain_until_empty(indexing.LEXICAL)
    indexing.drain_until_empty(EMBEDDINGS)
    (doc,) = documents.documents_for([material.pk])
    assert store.keys_of(path, [material.pk]) == current_keys([doc])  # recomputed


def test_material_page_shows_similar_materials(client, demo_vectors):
    first = run("spanish", mode="lexical").hits[0]
    page = client.get(first.url)
    assert page.status_code == 200
    assert "Similar materials" in page.content.decode()
    # The page fetches its similar materials after load (catalog.pages: the ``similar`` route).
    html = client.get(f"{first.url}similar/", {"part": "1"}).content.decode()
    near = service.similar(first.id, 6)
    assert near and near[0].url in html


def test_search_page_offers_other_searches_when_little_matches(client, demo_vectors):
    html = client.get("/search/", {"q": "zzqx quokkaish", "mode": "lexical"}).content.decode()
    assert "Try fewer words" not in html
    assert "Materials close in meaning" in html and "mode=semantic" in html
    html = client.get("/search/", {"q": "spanish 3rd grade", "mode": "lexical"}).content.decode()
    res = run("spanish 3rd grade", mode="lexical")
    for note in res.notes:
        assert note in html


def test_a_grade_with_nothing_shows_the_broader_band_and_says_so(own_index):
    for i, grades in enumerate((("4",), ("5",))):
        material_upsert(
            "band-test",
            MaterialRecord(
                remote_id=f"band-{i}",
                title=f"Zanzibar trade routes, part {i}",
                url=f"https://e.org/band/{i}",
                grades=grades,
            ),
        )
    service.index_rebuild()
    res = run("zanzibar 3rd grade", mode="lexical")
    assert res.total == 2
    assert res.notes == ("No grade 3 materials; 2 for grades 3–5.",)


def test_results_found_by_meaning_alone_say_so(demo_vectors):
    """No typed word is in any material: the results are the nearest in meaning, and say so."""
    by_meaning = run("photosynthsis chlorophyl")
    assert by_meaning.hits and all(h.matched == ("meaning",) for h in by_meaning.hits)
    assert any("closest in meaning" in str(n) for n in by_meaning.notes)
    by_words = run("spanish")
    assert not any("closest in meaning" in str(n) for n in by_words.notes)
    lexical = run("photosynthsis chlorophyl", mode="lexical")
    assert not any("closest in meaning" in str(n) for n in lexical.notes)


@pytest.mark.parametrize("page", [1, 2])
def test_every_word_match_shown_is_marked(demo_vectors, page):
    """The engine marks only the page's hits of the fused window (five pages): each word
    match shown is marked as the word search's own page of 100 marks it."""
    shown = run("science", per_page=20, page=page)
    lexical = run("science", mode="lexical", per_page=100)
    marked = {h.id: dict(h.highlights) for h in lexical.hits}
    words = [h for h in shown.hits if "words" in h.matched]
    assert len(words) >= 10 and any(h.highlights for h in words)
    for h in words:
        assert dict(h.highlights) == marked[h.id], h.id


SEL = re.compile(r"social[- ]emotional|\bSEL\b", re.I)


def test_an_abbreviation_is_embedded_spelled_out(demo_vectors):
    """ "sel" means little to the embedding model; "social emotional learning" does."""
    res = run("sel activities", mode="semantic", per_page=10)
    about = [h.title for h in res.hits if SEL.search(f"{h.title} {h.description}")]
    assert len(about) >= 2 and SEL.search(res.hits[0].title), [h.title for h in res.hits]


def test_a_resource_type_word_ranks_the_kind_not_the_topic(demo_vectors):
    """ "spanish class activities" is about Spanish: "activities" ranks Activity/Lab materials
    higher instead of being a word every result must hold (which ranked a Spanish course
    first)."""
    res = run("spanish class activities", per_page=10)
    assert all("spanish" in h.title.lower() for h in res.hits), [h.title for h in res.hits]
    assert "Activity/Lab" in res.hits[0].resource_types
    assert "Activity/Lab" in res.hits[1].resource_types


def test_a_title_holding_every_word_ranks_above_neighbours_by_meaning(demo_vectors):
    """Rank fusion lifts a material both lists hold above a word match of the first rank;
    a title holding every word of the query keeps it up (without it "Wellness and
    Prevention", near in meaning, comes before a sixth material titled with "mental
    health")."""
    res = run("mental health", per_page=6)
    assert all("mental health" in h.title.lower() for h in res.hits), [h.title for h in res.hits]


def test_a_title_bonus_keeps_to_the_school_level_named(demo_vectors):
    """ "high school chemistry": college chemistry textbooks titled "Chemistry" do not pass the
    high-school materials tagged chemistry on the strength of their title."""

    def high_school(hits):
        return [bool({"9", "10", "11", "12"} & set(h.grades)) for h in hits]

    chemistry = run("high school chemistry", per_page=10).hits
    assert all(high_school(chemistry[:2])), [(h.title, h.grades) for h in chemistry]
    spanish = run("high school spanish", per_page=10).hits
    assert all(high_school(spanish)), [(h.title, h.grades) for h in spanish]
