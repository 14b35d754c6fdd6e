"""Why relevant records miss a hybrid search's first 100: per judged query, classified.

For every judged query (bench/judgments) on the embedded engine (FTS5), each relevant record
not among the hybrid ranking's first 100 is put in one class, the first that fits:

- ``over 100 relevant``: the query has more relevant records than recall@100 can count;
- ``word match, fused out``: among the first ``LEXICAL_WINDOW`` word matches, but the fusion
  ranked it below 100;
- ``neighbour, fused out``: among the ``SEMANTIC_K`` neighbours above the floor, ranked below
  100 too;
- ``word match beyond the window``: a word match ranked past the fused window, not a neighbour;
- ``holds some words, not all``: holds a query word (any form or listed synonym, any field) but
  is no word match (every word is required while enough records hold them all);
- ``no word, below the floor`` / ``no word, beyond the neighbours``: holds no word of the query,
  and its cosine to the query is under ``SIMILARITY_FLOOR`` or its rank beyond ``SEMANTIC_K``;
- ``filtered``: a filter of the query (a grade named by number) leaves it out.

    OER_VAR_DIR=… python bench/recall_misses.py [--json FILE] [--records]

Prints the counts per class (all queries, then per half) and per query; ``--records`` lists
each missing record with its word rank, neighbour rank and cosine.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_quality as sq  # sets up the path and the settings module

PAGES = 30  # word matches read: at most 3,000


def word_ranking(engine, text: str) -> list[int]:
    from search import service
    from search.query import SearchQuery

    ids: list[int] = []
    for page in range(1, PAGES + 1):
        query = SearchQuery.build(text, per_page=100, page=page, mode="lexical", facets=())
        hits = service.search(query, engine).hits
        ids += [h.id for h in hits if h.score > 0]
        if len(hits) < 100:
            break
    return ids


def holds_a_word(doc: dict, understood) -> bool:
    text = " ".join(
        [doc["title"], doc["description"], " ".join(doc["keywords"]), " ".join(doc["subjects"])]
    )
    text = text.lower().replace("-", " ")
    return any(
        re.search(r"(?<!\w)" + re.escape(form.rstrip("s")), text)
        for word in understood.words
        for form in understood.forms(word)
    )


def classify(engine, query: dict, ids_by_url: dict, docs: dict) -> dict:
    from search import hybrid, service
    from search.query import SearchQuery
    from search.understanding import understand

    text = query["query"]
    gains = {ids_by_url[u]: g for u, g in query["relevant"].items() if u in ids_by_url}
    relevant = {d for d, g in gains.items() if g > 0}
    understood = understand(text)
    first = service.search(SearchQuery.build(text, per_page=100), engine)
    shown = {h.id for h in first.hits}
    words = {d: i for i, d in enumerate(word_ranking(engine, text), 1)}
    vector = hybrid.query_vector(understood.meaning_text or text)
    near = engine.knn(vector, SearchQuery.build(text), understood, len(docs), -1.0)
    meaning = {h.id: (i, h.score) for i, h in enumerate(near, 1)}
    rows = []
    for d in sorted(relevant - shown):
        rank, cosine = meaning.get(d, (None, None))
        if len(relevant) > 100:
            why = "over 100 relevant"
        elif words.get(d, 10**9) <= hybrid.LEXICAL_WINDOW:
            why = "word match, fused out"
        elif rank is not None and rank <= hybrid.SEMANTIC_K and cosine >= hybrid.SIMILARITY_FLOOR:
            why = "neighbour, fused out"
        elif d in words:
            why = "word match beyond the window"
        elif rank is None:
            why = "filtered"
        elif holds_a_word(docs[d], understood):
            why = "holds some words, not all"
        elif cosine < hybrid.SIMILARITY_FLOOR:
            why = "no word, below the floor"
        else:
            why = "no word, beyond the neighbours"
        rows.append(
            {
                "id": d,
                "title": docs[d]["title"],
                "why": why,
                "word_rank": words.get(d),
                "neighbour_rank": rank,
                "cosine": None if cosine is None else round(float(cosine), 3),
            }
        )
    return {"query": text, "half": sq.half(text), "relevant": len(relevant), "missing": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=Path, default=sq.ROOT / "bench" / "judgments")
    parser.add_argument("--json", type=Path, help="write every query's missing records here")
    parser.add_argument("--records", action="store_true", help="list each missing record")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from catalog.materials.models import Material
    from search.documents import documents_for

    ids_by_url = dict(Material.objects.values_list("url", "pk"))
    if not ids_by_url:
        sys.exit("No materials in the database: run `manage.py load_demo_catalog` first.")
    docs = {d["id"]: d for d in documents_for(None)}
    queries = [q for q in sq.load_judgments(args.judgments) if q["relevant"]]
    with tempfile.TemporaryDirectory() as tmp:
        config = sq.engine_configs(settings.OER_SEARCH, Path(tmp))[0]  # FTS5
        with sq.built_index(config) as engine:
            report = [classify(engine, q, ids_by_url, docs) for q in queries]
    for half in (None, *sq.HALVES):
        counts = collections.Counter(
            m["why"] for r in report if half in (None, r["half"]) for m in r["missing"]
        )
        print(f"{half or 'all'}: " + ", ".join(f"{n} {why}" for why, n in counts.most_common()))
    for r in sorted(report, key=lambda r: -len(r["missing"]) / max(1, r["relevant"])):
        if not r["missing"]:
            continue
        counts = collections.Counter(m["why"] for m in r["missing"])
        print(f"  {r['query'][:40]:40} {r['half']:5} relevant={r['relevant']} " + str(dict(counts)))
        if args.records:
            for m in r["missing"]:
                print(
                    f"      {m['why']:30} words#{m['word_rank']} near#{m['neighbour_rank']} "
                    f"cos={m['cosine']} {m['title'][:60]}"
                )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
