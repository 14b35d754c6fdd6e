"""Relevance of both search engines on the judged teacher queries: NDCG@10 and recall.

Reads the materials of the configured database (load them with ``manage.py load_demo_catalog``),
builds a throw-away index per engine, runs every query of bench/judgments/*.json and prints
NDCG@10, recall@10 and recall@100 per engine (and per query with --verbose).

    python bench/search_quality.py                      # FTS5, plus Elasticsearch when
    ELASTICSEARCH_URL=http://127.0.0.1:9200 python bench/search_quality.py   # ... it is set
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")


def ndcg_at(ranked: list[int], gains: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** gains.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[int], gains: dict[int, int], k: int) -> float:
    relevant = {d for d, g in gains.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def half(query: str) -> str:
    """The half of the judged set a query belongs to, fixed by a hash of its text: ranking
    parameters are tuned on "tune" and reported on "check" (and on both)."""
    digest = hashlib.sha256(" ".join(query.lower().split()).encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def summary(rows: list[dict]) -> dict:
    return {
        "queries": len(rows),
        "ndcg@10": statistics.mean(r["ndcg@10"] for r in rows) if rows else 0.0,
        "recall@10": statistics.mean(r["recall@10"] for r in rows) if rows else 0.0,
        "recall@100": statistics.mean(r["recall@100"] for r in rows) if rows else 0.0,
    }


def load_judgments(folder: Path) -> list[dict]:
    queries = []
    for path in sorted(folder.glob("*.json")):
        queries += json.loads(path.read_text())["queries"]
    return queries


HALVES = ("tune", "check")


def engine_configs(base: dict, tmp: Path) -> list[dict]:
    prefix = f"oerbench{os.getpid()}"
    # Vectors of texts embedded before are reused from the shared cache (VAR_DIR/search).
    base = {
        "EMBEDDING_CACHE": str(ROOT / "var" / "search" / "embedding-cache.sqlite3"),
        **base,
        "VECTORS_PATH": str(tmp / "vectors.sqlite3"),
    }
    configs = [{**base, "ENGINE": "fts5", "INDEX_PREFIX": prefix, "FTS5_PATH": str(tmp / "q.db")}]
    if base.get("ELASTICSEARCH_URL"):
        configs.append({**base, "ENGINE": "elasticsearch", "INDEX_PREFIX": prefix})
    return configs


@contextlib.contextmanager
def built_index(config: dict):
    """The engine of ``config`` holding every material of the database, words and vectors, and
    selected in the settings; dropped afterwards."""
    from django.test import override_settings

    from search.documents import documents_for
    from search.engines import get_engine
    from search.vectors.consumer import rebuild_vectors

    engine = get_engine(config)
    with override_settings(OER_SEARCH=config):
        try:
            engine.rebuild(documents_for(None))
            rebuild_vectors(config=config)
            engine.refresh()
            yield engine
        finally:
            engine.drop()


def evaluate(engine, queries, ids_by_url, mode: str = "hybrid") -> dict:
    from search import service
    from search.query import SearchQuery

    rows, latencies = [], []
    for q in queries:
        gains = {ids_by_url[u]: g for u, g in q["relevant"].items() if u in ids_by_url}
        if not gains:
            continue
        started = time.perf_counter()
        res = service.search(SearchQuery.build(q["query"], per_page=100, mode=mode), engine)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [h.id for h in res.hits]
        rows.append(
            {
                "query": q["query"],
                "ndcg@10": ndcg_at(ranked, gains),
                "recall@10": recall_at(ranked, gains, 10),
                "recall@100": recall_at(ranked, gains, 100),
                "relevant": len(gains),
                "total": res.total,
                "ranked": ranked,
            }
        )
    return {
        **summary(rows),
        "halves": {h: summary([r for r in rows if half(r["query"]) == h]) for h in HALVES},
        "p50_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[-1],
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=Path, default=ROOT / "bench" / "judgments")
    parser.add_argument("--verbose", action="store_true", help="one line per query")
    parser.add_argument(
        "--mode",
        default="hybrid",
        help="hybrid, lexical or semantic; several comma-separated (default hybrid)",
    )
    parser.add_argument("--engines", default="", help="fts5,elasticsearch (default: all set up)")
    parser.add_argument(
        "--halves", action="store_true", help="also one line per half (tune / check) of the set"
    )
    parser.add_argument("--dump", type=Path, help="write every query's ranked ids (JSON) here")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from catalog.materials.models import Material
    from search.query import SearchQuery

    ids_by_url = dict(Material.objects.values_list("url", "pk"))
    if not ids_by_url:
        sys.exit("No materials in the database: run `manage.py load_demo_catalog` first.")
    queries = load_judgments(args.judgments)
    print(f"{len(queries)} judged queries, {len(ids_by_url)} materials in the database")
    with tempfile.TemporaryDirectory() as tmp:
        for config in engine_configs(settings.OER_SEARCH, Path(tmp)):
            if args.engines and config["ENGINE"] not in args.engines.split(","):
                continue
            with built_index(config) as engine:
                for q in queries[:3]:  # warm caches (vocabulary, field data, the model)
                    engine.search(SearchQuery.build(q["query"]))
                reports = [
                    (mode, evaluate(engine, queries, ids_by_url, mode))
                    for mode in args.mode.split(",")
                ]
            for mode, report in reports:
                if args.verbose:
                    for r in report["rows"]:
                        print(
                            f"  {r['query'][:40]:40} ndcg@10={r['ndcg@10']:.3f} "
                            f"R@10={r['recall@10']:.2f} R@100={r['recall@100']:.2f} "
                            f"rel={r['relevant']} hits={r['total']}"
                        )
                print(
                    f"{engine.name:14} queries={report['queries']} "
                    f"NDCG@10={report['ndcg@10']:.3f} recall@10={report['recall@10']:.3f} "
                    f"recall@100={report['recall@100']:.3f} mode={mode} "
                    f"latency p50={report['p50_ms']:.1f}ms p95={report['p95_ms']:.1f}ms"
                )
                if args.halves:
                    for name, part in report["halves"].items():
                        print(
                            f"{engine.name:14} queries={part['queries']} "
                            f"NDCG@10={part['ndcg@10']:.3f} recall@10={part['recall@10']:.3f} "
                            f"recall@100={part['recall@100']:.3f} mode={mode} half={name}"
                        )
                if args.dump:
                    out = args.dump.with_name(f"{args.dump.stem}-{engine.name}-{mode}.json")
                    out.write_text(json.dumps({r["query"]: r["ranked"] for r in report["rows"]}))


if __name__ == "__main__":
    main()
