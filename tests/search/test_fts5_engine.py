"""FTS5 engine internals the conformance suite cannot see: per-generation caches, the change log
that lets them catch up after writes, reopening after a rebuild, older index files, and ranking
under filters. Real SQLite files in a temporary directory; no Django database."""

from __future__ import annotations

import sqlite3

import pytest

from search.engines.fts5 import Fts5Engine, pages, snapshot
from search.engines.fts5.store import KEEP_GENERATIONS
from search.query import SearchQuery

WORDS = "algebra biology chemistry drama economics fractions geometry history".split()


def doc(i: int, title: str, subjects=("science",), grades=("5",), **extra) -> dict:
    return {
        "id": i,
        "slug": f"m-{i}",
        "title": title,
        "sort_title": title.casefold(),
        "description": extra.pop("description", f"Material {i} about {title}."),
        "keywords": [],
        "subjects": list(subjects),
        "grades": list(grades),
        "grade_min": None,
        "grade_max": None,
        "resource_types": ["Lesson"],
        "language": "en",
        "provider": "Bench",
        "publisher": "",
        "authors": [],
        "source": "test",
        "standards": [],
        "standard_keys": [],
        "frameworks": [],
        "accessibility": [],
        "date_created": f"2020-01-{1 + i % 28:02d}",
        "date_modified": None,
        "license": "CC-BY-4.0",
        "license_family": "cc",
        "license_bucket": "remix-and-share" if i % 2 else "share-only",
        **extra,
    }


@pytest.fixture
def engine(tmp_path):
    engine = Fts5Engine({"FTS5_PATH": str(tmp_path / "index.sqlite3"), "INDEX_PREFIX": "t"})
    yield engine
    engine.drop()


def corpus(n: int = 60) -> list[dict]:
    return [
        doc(
            i,
            f"{WORDS[i % len(WORDS)]} lesson {i}",
            subjects=(["mathematics"] if i % 3 == 0 else ["science", "history"]),
            grades=[str(i % 12 + 1)],
            description=" ".join(WORDS[(i + k) % len(WORDS)] for k in range(i % 5 + 1)),
        )
        for i in range(1, n + 1)
    ]


def search(engine, text="", filters=None, **kw):
    return engine.search(SearchQuery.build(text, filters, **kw))


def test_a_write_updates_counts_and_words_without_a_rebuild(engine):
    engine.rebuild(corpus())
    before = search(engine, "", {"subject": ["mathematics"]})
    assert search(engine, "quokkas").total == 0

    engine.index_documents([doc(500, "Quokkas counting", subjects=["mathematics", "zoology"])])
    after = search(engine, "", {"subject": ["mathematics"]})
    assert after.total == before.total + 1
    assert after.counts("subject")["zoology"] == 1
    assert search(engine, "", {"subject": ["zoology"]}).total == 1
    # The new word is known at once: its singular finds it, and a typo of it too.
    assert [h.id for h in search(engine, "quokka").hits] == [500]
    assert [h.id for h in search(engine, "qokkas").hits] == [500]


def test_replacing_and_deleting_documents_move_their_facet_values(engine):
    engine.rebuild(corpus())
    engine.index_documents([doc(3, "algebra lesson 3", subjects=["drama"])])
    assert search(engine, "", {"subject": ["drama"]}).total == 1
    assert 3 not in {
        h.id for h in search(engine, "", {"subject": ["mathematics"]}, per_page=100).hits
    }

    engine.delete_documents([3])
    res = search(engine, per_page=100)
    assert res.total == 59 and 3 not in {h.id for h in res.hits}
    assert "drama" not in res.counts("subject")


def test_catching_up_gives_the_answer_of_a_fresh_load(engine):
    engine.rebuild(corpus())
    search(engine, "", facets=("subject", "grade"))  # snapshot of the first generation
    for i in range(5):
        engine.index_documents([doc(100 + i, f"history drama {i}", subjects=["arts"])])
    engine.delete_documents([1, 2])
    caught_up = search(engine, "history", {"grade": ["1", "2", "3"]}, per_page=100)
    snapshot.forget()
    fresh = search(engine, "history", {"grade": ["1", "2", "3"]}, per_page=100)
    assert caught_up == fresh
    assert search(engine, "", {"subject": ["arts"]}).total == 5


def test_a_reader_too_far_behind_the_change_log_reloads(engine):
    engine.rebuild(corpus(10))
    assert search(engine, "", {"subject": ["mathematics"]}).total == 3
    conn = sqlite3.connect(engine.path)
    conn.execute(  # as if the log had been pruned past this reader's generation
        "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'changes_from'",
        (KEEP_GENERATIONS,),
    )
    conn.commit()
    conn.close()
    engine.index_documents([doc(11, "geometry lesson 11", subjects=["mathematics"])])
    assert search(engine, "", {"subject": ["mathematics"]}).total == 4


def test_searches_follow_a_rebuild_to_the_new_file(engine):
    engine.rebuild([doc(1, "fractions"), doc(2, "drama")])
    assert search(engine, "fractions").total == 1
    engine.rebuild([doc(1, "fractions"), doc(2, "fractions on a line"), doc(3, "drama")])
    assert search(engine, "fractions").total == 2
    assert search(engine).total == 3


def test_an_index_written_before_the_term_list_still_corrects_typos(engine):
    engine.rebuild(corpus(20))
    conn = sqlite3.connect(engine.path)
    conn.execute("DELETE FROM meta WHERE key IN ('format', 'changes_from', 'uid')")
    conn.execute("DELETE FROM terms")
    conn.commit()
    conn.close()
    snapshot.forget()
    assert search(engine, "chemestry").total == search(engine, "chemistry").total > 0
    engine.index_documents([doc(300, "wombat chemistry")])  # still searchable after writes
    assert search(engine, "wombat").total == 1
    assert search(engine, "chemestry").total == search(engine, "chemistry").total


@pytest.mark.parametrize(
    "filters",
    [
        {"license_bucket": ["remix-and-share"]},  # keeps about half of the matches
        {"grade": ["1"]},  # keeps a few
        {"grade": [str(g) for g in range(2, 13)]},  # drops a few
    ],
)
def test_ranking_under_a_filter_is_the_ranking_filtered(engine, filters):
    docs = corpus(120)
    engine.rebuild(docs)
    ranked = search(engine, "algebra biology", per_page=100).hits
    field = {"license_bucket": "license_bucket", "grade": "grades"}[next(iter(filters))]
    allowed = {
        d["id"]
        for d in docs
        if set(d[field] if isinstance(d[field], list) else [d[field]]) & set(*filters.values())
    }
    expected = [(h.id, h.score) for h in ranked if h.id in allowed]
    got = search(engine, "algebra biology", filters, per_page=100)
    assert [(h.id, h.score) for h in got.hits] == expected
    assert got.total == len(expected) > 0


def test_pages_of_a_ranking_and_other_sorts_keep_the_scores(engine):
    engine.rebuild(corpus(120))
    whole = search(engine, "history", per_page=100)
    assert 60 < whole.total <= 100
    ranked = [(h.id, h.score) for h in whole.hits]
    paged = [(h.id, h.score) for p in (1, 2, 3) for h in search(engine, "history", page=p).hits]
    assert paged == ranked[:60]
    for sort in ("title", "newest"):
        hits = search(engine, "history", sort=sort, per_page=100).hits
        assert {(h.id, h.score) for h in hits} == set(ranked)


def test_small_and_large_match_sets_count_facets_alike(engine, monkeypatch):
    engine.rebuild([*corpus(120), doc(121, "history twice", subjects=["arts", "arts"])])
    asked = [("history", {}), ("algebra", {"grade": ["1", "2"]}), ("", {"subject": ["arts"]})]

    def facets():
        return [search(engine, text, filters, per_page=5).facets for text, filters in asked]

    monkeypatch.setattr(pages, "SPARSE_FACETS", 10**6)  # every set: intersections of value sets
    by_sets = facets()
    monkeypatch.setattr(pages, "SPARSE_FACETS", 0)  # every set: its own facet rows
    assert facets() == by_sets
    assert search(engine, "", {"subject": ["arts"]}).counts("subject")["arts"] == 1


LONG = " ".join(f"filler{i % 40} words about many other things" for i in range(20))


def test_a_title_holding_the_words_is_not_drowned_by_a_long_record(engine):
    """FTS5's bm25 divides by the length of the whole record: a material titled "Mathematics"
    with a long description would rank below a short one tagged so in its keywords."""
    engine.rebuild(
        [
            doc(1, "Mathematics", description=LONG),
            doc(2, "Counting games", keywords=["mathematics"], description="Short."),
            *(doc(10 + i, f"filler title {i}") for i in range(30)),
        ]
    )
    assert [h.id for h in engine.search(SearchQuery.build("mathematics")).hits] == [1, 2]


def test_a_title_holding_some_of_the_words_gets_no_bonus(engine):
    """When documents with only some of the words follow, a title holding one of them says no
    more than a keyword holding another."""
    engine.rebuild(
        [
            doc(3, "Volcano", description=LONG),
            doc(4, "Rocks", keywords=["eruption"], description="Short."),
            *(doc(10 + i, f"filler title {i}") for i in range(30)),
        ]
    )
    assert [h.id for h in engine.search(SearchQuery.build("volcano eruption")).hits] == [4, 3]
