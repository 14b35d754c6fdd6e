"""Search speed: index N materials varied from the real records, then time a fixed query mix.

Documents are built from the demo records in the configured database (``load_demo_catalog``):
record i copies record i mod n and mixes in the title words and a description sentence of two
other records, so vocabulary and lengths stay realistic. Every query asks for four facets
(subject, grade, resource type, license bucket); some add filters. Prints indexing rate and
p50/p95 latency per engine; ``--peer`` also times Wagtail's database search backend on the
materials actually in the database (it cannot index synthetic documents).

    python bench/search_speed.py --size 100000
    ELASTICSEARCH_URL=http://127.0.0.1:9200 python bench/search_speed.py --size 100000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")

FACETS4 = ("subject", "grade", "resource_type", "license_bucket")
MIX: list[tuple[str, dict]] = [
    ("fractions", {}),
    ("climate change", {}),
    ("spanish vocabulary", {"license_bucket": ["remix-and-share"]}),
    ("chemistry lab", {"grade": ["10"]}),
    ("chemestry", {}),
    ("artificial intelligence classroom", {}),
    ("universal design for learning", {"subject": ["education"]}),
    ("nursing", {"resource_type": ["Module", "Lesson"]}),
    ("psychology", {}),
    ("school library", {"license_bucket": ["share-only", "read-only"]}),
    ("ecology ecosystems", {}),
    ("essay writing grade 9", {}),
    ("", {"subject": ["education"], "grade": ["9"]}),
    ("marketing", {}),
    ("information literacy", {"subject": ["information-science"]}),
    ("economics", {}),
]
WORST = ("education", {})  # a word in most documents


def varied(docs: list[dict], size: int, seed: int = 7):
    rng = random.Random(seed)
    n = len(docs)
    for i in range(size):
        base, a, b = docs[i % n], docs[rng.randrange(n)], docs[rng.randrange(n)]
        extra = " ".join(rng.sample(a["title"].split(), min(3, len(a["title"].split()))))
        sentence = b["description"].split(". ")[0][:300]
        title = f"{base['title']} {extra}".strip() if i >= n else base["title"]
        yield {
            **base,
            "id": i + 1,
            "slug": f"{base['slug']}-{i}",
            "title": title,
            "sort_title": title.casefold(),
            "description": f"{base['description']} {sentence}".strip(),
        }


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def pct(values: list[float], p: int) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer", action="store_true", help="also time Wagtail's DB backend")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from search.documents import documents_for
    from search.engines import get_engine
    from search.query import SearchQuery

    real = list(documents_for(None))
    if not real:
        sys.exit("No materials in the database: run `manage.py load_demo_catalog` first.")
    queries = [SearchQuery.build(t, f, facets=FACETS4) for t, f in MIX]
    worst = SearchQuery.build(WORST[0], WORST[1], facets=FACETS4)
    prefix = f"oerbench{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        configs = [{**settings.OER_SEARCH, "ENGINE": "fts5", "FTS5_PATH": f"{tmp}/s.db"}]
        if settings.OER_SEARCH.get("ELASTICSEARCH_URL"):
            configs.append({**settings.OER_SEARCH, "ENGINE": "elasticsearch"})
        for config in configs:
            engine = get_engine({**config, "INDEX_PREFIX": prefix, "TIMEOUT": 120})
            try:
                started = time.perf_counter()
                engine.rebuild(varied(real, args.size))
                engine.refresh()
                build = time.perf_counter() - started
                for q in queries:  # warm up
                    engine.search(q)
                mix = [
                    ms
                    for q in queries
                    for ms in timed(lambda q=q, e=engine: e.search(q), args.repeat)
                ]
                bad = timed(lambda e=engine: e.search(worst), args.repeat)
            finally:
                engine.drop()
            print(
                f"{engine.name:14} docs={args.size} index={build:.1f}s "
                f"({args.size / build:.0f} docs/s) mix p50={pct(mix, 50):.1f}ms "
                f"p95={pct(mix, 95):.1f}ms worst({WORST[0]!r}) p95={pct(bad, 95):.1f}ms"
            )
    if args.peer:
        from wagtail.search.backends import get_search_backend

        from catalog.materials.models import Material

        backend = get_search_backend()
        active = Material.objects.filter(status="active")
        # Material does not feed Wagtail's index on save (search_auto_update = False): fill it.
        backend.add_bulk(Material, list(active))

        def peer(text: str) -> None:
            list(backend.search(text, active)[:20])

        mix = [ms for t, _f in MIX if t for ms in timed(lambda t=t: peer(t), args.repeat)]
        print(
            f"{'wagtail-db':14} docs={active.count()} (database rows) "
            f"mix p50={pct(mix, 50):.1f}ms p95={pct(mix, 95):.1f}ms (text only, no facets)"
        )


if __name__ == "__main__":
    main()
