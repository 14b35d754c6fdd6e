"""Search speed: our engines beside Wagtail's database search backend, on the same documents.

Documents: N materials varied from the demo records of the configured database (run
``manage.py load_demo_catalog`` first): document i copies record i mod n and mixes in three
title words and a description sentence of two other records, so vocabulary, lengths and facet
values stay realistic. Queries: a fixed mix of 16 teacher queries (text, typos, codes of
grade, facet filters, one filter-only query), each asking for four facets (subject, grade,
resource type, licence bucket), plus the worst case, "education", a word in most documents.

Ours: each engine (``--engines``; Elasticsearch only when ELASTICSEARCH_URL is set) rebuilds
an index of the N documents (timed: the index rate), then answers the mix ``--repeat`` rounds
after one warm-up round; p50 and p95 are over every timed query, the worst query's p95 over its
rounds.

Peer, in the same run and on the same N documents: Wagtail's built-in database search backend
(``wagtail.search.backends.database``, SQLite FTS5 here). The script points Django's default
database at a throw-away SQLite file in a temporary directory (migrated once, licences loaded),
bulk-inserts the N documents as Material rows (not timed: it is loading the database, not
indexing) and indexes them with ``backend.add_bulk`` (timed: the peer's index rate). Each query
runs as ``backend.search(text, queryset)`` with its filters applied to the queryset, reading
the first 20 hits and the total, as a Wagtail site would. Wagtail only filters on declared
FilterFields, so a proxy of Material (defined here, no table) declares subjects, grades,
resource types and licence; list values are matched in their JSON text, licence buckets as the
licences in the bucket. The filter-only query runs as a plain ORM query. The peer computes no
facet counts (its ``facet()`` cannot count values inside list fields): it does less work per
query than our engines, so the ratio printed understates ours.

Elasticsearch: the shard request cache is off unless ``--request-cache on`` (the engine's
``REQUEST_CACHE``), so every query is computed as a first visitor after a refresh would see it;
before timing, the bench waits until the index is merged to one segment (the rebuild starts
that merge in the background), at most ``--merge-wait`` seconds (30 minutes; at 1,000,000
documents with vectors the merge takes longer on 2 cores), and says so when it times more
segments. Bench indices are ``oerbench<pid>-materials-*``, dropped at the
end. With ``--reuse-index`` they are ``oerbench-keep<N>-materials-*`` instead and kept: a later
run with ``--reuse-index`` finds one holding N documents and times it without rebuilding (the
index rate then shows as 0); one whose fields differ from the current mapping is rebuilt.
After changing index settings or analysis, pass ``--reuse-index --rebuild`` once;
``--drop-kept`` deletes the kept indices of the sizes given and their vectors.

    .venv/bin/python bench/search.py                                  # 100,000 documents
    .venv/bin/python bench/search.py --sizes 100000,1000000 --repeat 3
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search.py --repeat 3
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search.py --engines es \
        --sizes 1000000 --no-peer --reuse-index         # builds once, reuses afterwards

``--mode hybrid`` (or ``semantic``) times the search service in that mode, the query's
embedding included (the query-vector cache is cleared before every query). ``--breakdown``
adds where the time goes: the embedding, the ``_msearch`` trips, the rest (Python).

Vectors: the real records' vectors (embedded once, then read from the embedding cache);
copy i of record r gets r's vector plus Gaussian noise (sigma 0.02, renormalised), so 100,000
vectors cost no embedding. They are written to the vector store before the index is built
(timed apart), so Elasticsearch indexes each vector with its document in the rebuild's bulk
requests (its index rate then includes the HNSW graph); ``--reuse-index`` keeps them with the
index.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")
os.environ.setdefault("DEBUG", "0")  # as in production: no per-query log

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
PEER_PAGE = 20


def setup_django() -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


def real_documents() -> list[dict]:
    from search.documents import documents_for

    docs = list(documents_for(None))
    if not docs:
        sys.exit("No materials in the database: run `manage.py load_demo_catalog` first.")
    return docs


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
            "slug": f"{base['slug'][:100]}-{i}",
            "title": title,
            "sort_title": title.casefold(),
            "description": f"{base['description']} {sentence}".strip(),
        }


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def rounds(calls: list, repeat: int) -> list[list[float]]:
    """One warm-up round, then ``repeat`` timed rounds; per call, its timings."""
    for call in calls:
        call()
    out: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for i, call in enumerate(calls):
            out[i].append(timed(call))
    return out


def pct(values: list[float], p: int) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def figures(name: str, docs: int, index_s: float, mix: list[list[float]], worst: list[float]):
    flat = [ms for per_query in mix for ms in per_query]
    return {
        "name": name,
        "docs": docs,
        "rate": docs / index_s,
        "p50": pct(flat, 50),
        "p95": pct(flat, 95),
        "worst": pct(worst, 95),
    }


# -- our engines -------------------------------------------------------------------------------
def engine_configs(names: list[str], tmp: Path, size: int, keep: bool = False) -> list[dict]:
    from django.conf import settings

    prefix = f"oerbench-keep{size}" if keep else f"oerbench{os.getpid()}"
    base = {**settings.OER_SEARCH, "INDEX_PREFIX": prefix, "TIMEOUT": 120}
    configs = []
    for name in names:
        if name == "fts5":
            configs.append({**base, "ENGINE": "fts5", "FTS5_PATH": str(tmp / f"fts5-{size}.db")})
        elif not base.get("ELASTICSEARCH_URL"):
            print("elasticsearch: skipped (ELASTICSEARCH_URL is not set)")
        else:
            configs.append({**base, "ENGINE": "elasticsearch"})
    return configs


def build_index(config: dict, real: list[dict], size: int):
    """The engine with a fresh index of ``size`` varied documents, and the seconds it took."""
    from search.engines import get_engine

    engine = get_engine(config)
    started = time.perf_counter()
    engine.rebuild(varied(real, size))
    engine.refresh()
    return engine, time.perf_counter() - started


def merged(engine, timeout_s: float = 1800) -> None:
    """Wait until an Elasticsearch index is merged to one segment (the rebuild starts the merge
    in the background; timing during it would time the merge), at most ``timeout_s``; say
    how many segments are timed when it is not."""
    if engine.name != "elasticsearch":
        return
    deadline = time.monotonic() + timeout_s
    while True:
        stats = engine.client.indices.stats(
            index=engine.alias, metric="segments,merge", level="shards"
        )
        total = stats["_all"]["primaries"]
        shards = sum(
            len(s) for s in stats["indices"][next(iter(stats["indices"]))]["shards"].values()
        )
        if total["segments"]["count"] <= shards and not total["merges"]["current"]:
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(2)
    merging = " while a merge runs" if total["merges"]["current"] else ""
    print(f"{engine.name}: timed over {total['segments']['count']} segments{merging}")


def kept_engine(config: dict, size: int):
    """The kept index of ``size`` documents, when there is one with the current mapping's
    fields and ``_source`` settings (``--reuse-index``)."""
    from search.engines import get_engine

    engine = get_engine(config)
    try:
        if engine.count() != size:
            return None
        (index,) = engine.describe()["indices"]
        mapping = engine.client.indices.get_mapping(index=index)[index]["mappings"]
    except Exception:  # noqa: BLE001 - any doubt about a kept index means: build a new one
        return None
    wanted = engine.document._doc_type.mapping.to_dict()
    same = set(mapping.get("properties", {})) == set(wanted["properties"])
    return engine if same and mapping.get("_source") == wanted.get("_source") else None


def varied_vectors(real: list[dict], size: int):
    """(first id, vectors) chunks for the ``size`` varied documents (see the module docstring)."""
    import numpy as np

    from search.vectors.consumer import embed_documents

    base = np.stack([v for _i, _k, v in embed_documents(real)])
    rng = np.random.default_rng(11)
    for start in range(0, size, 5000):
        n = min(5000, size - start)
        vecs = base[np.arange(start, start + n) % len(base)].copy()
        copies = np.arange(start, start + n) >= len(base)
        vecs[copies] += rng.normal(0, 0.02, (int(copies.sum()), vecs.shape[1])).astype("f4")
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        yield start + 1, vecs


def store_vectors(config: dict, real: list[dict], size: int) -> float:
    """Write the varied documents' vectors to the vector store, keyed by their texts as the
    embeddings consumer keys them, before the index is built: an engine that keeps vectors in
    its documents (Elasticsearch) then indexes each with its document in the same bulk
    request, as ``search_index rebuild`` does. Seconds taken."""
    from catalog.embeddings import get_embedder
    from search.vectors import store
    from search.vectors.text import document_text, text_key

    started = time.perf_counter()
    name = get_embedder().name
    path = store.store_path(config)
    docs = varied(real, size)
    for _first, vecs in varied_vectors(real, size):
        rows = []
        for vec in vecs:
            doc = next(docs)  # the same order: document ``first + i`` has vector ``i``
            rows.append((doc["id"], text_key(name, document_text(doc)), store.to_blob(vec)))
        store.write(path, rows, [])
    return time.perf_counter() - started


class Parts:
    """Where each query's time goes (``--breakdown``): the query's embedding and the
    Elasticsearch ``_msearch`` trips (wall-clock, and the longest ``took`` of each trip's
    requests, run side by side), the rest being Python; recorded around the engine's own
    functions."""

    def __init__(self, hybrid, es_search):
        self.hybrid, self.es_search = hybrid, es_search
        self.embed, self.msearch, self.filter = hybrid._embed, es_search.msearch, None
        self.rows: list[dict] = []
        self.current: dict = {}
        embed = self.embed.__wrapped__

        def timed_embed(text):
            started = time.perf_counter()
            try:
                return embed(text)
            finally:
                self.current["embed"] += (time.perf_counter() - started) * 1000

        def timed_msearch(client, alias, bodies):
            started = time.perf_counter()
            try:
                answers = self.msearch(client, alias, bodies)
            finally:
                self.current["trips"].append((time.perf_counter() - started) * 1000)
            self.current["took"].append([a.get("took") for a in answers])
            return answers

        hybrid._embed = functools.lru_cache(maxsize=2048)(timed_embed)
        es_search.msearch = timed_msearch
        self.filter = es_search._MSEARCH_FILTER
        es_search._MSEARCH_FILTER += ",responses.took"

    def query(self):
        parts = self

        class Timing:
            def __enter__(self):
                parts.current = {"embed": 0.0, "trips": [], "took": []}
                self.started = time.perf_counter()

            def __exit__(self, *exc):
                parts.current["whole"] = (time.perf_counter() - self.started) * 1000
                parts.rows.append(parts.current)

        return Timing()

    def report(self, skip: tuple[int, ...]) -> None:
        """p50 / p95 of each part over the timed queries (the warm-up rounds, at the
        indices ``skip`` onwards for the mix and the worst query, left out)."""
        mix_warm, worst_warm = skip
        rows = [r for i, r in enumerate(self.rows) if i >= mix_warm and i != worst_warm]
        if not rows:
            return
        columns = {
            "whole query": [r["whole"] for r in rows],
            "embedding": [r["embed"] for r in rows],
            "_msearch trips": [sum(r["trips"]) for r in rows],
            "  of which took": [sum(max(t, default=0) for t in r["took"]) for r in rows],
            "Python": [r["whole"] - r["embed"] - sum(r["trips"]) for r in rows],
        }
        for name, values in columns.items():
            print(f"  {name:16} p50 {pct(values, 50):7.1f}ms  p95 {pct(values, 95):7.1f}ms")
        trips = sorted(len(r["trips"]) for r in rows)
        print(f"  trips a query: {trips[0]}–{trips[-1]}, median {pct(trips, 50)}")

    def restore(self) -> None:
        self.hybrid._embed, self.es_search.msearch = self.embed, self.msearch
        self.es_search._MSEARCH_FILTER = self.filter


def run_engine(config: dict, real: list[dict], size: int, args) -> dict:
    from dataclasses import replace

    from django.test import override_settings

    from search import hybrid, service
    from search.engines.elasticsearch import search as es_search
    from search.query import SearchQuery

    es_search.REQUEST_CACHE = args.request_cache == "on"
    queries = [SearchQuery.build(t, f, facets=FACETS4) for t, f in MIX]
    worst = SearchQuery.build(WORST[0], WORST[1], facets=FACETS4)
    keep = args.reuse_index and config["ENGINE"] == "elasticsearch"
    engine = kept_engine(config, size) if keep and not args.rebuild else None
    override = override_settings(OER_SEARCH=config)
    override.enable()
    if engine is not None:
        print(f"{engine.name}: reusing {engine.describe()['indices']} ({size:,} documents)")
        seconds = math.inf
    else:
        if args.mode != "lexical":
            seconds_vectors = store_vectors(config, real, size)
            print(f"{config['ENGINE']}: {size:,} vectors stored in {seconds_vectors:.1f}s")
        engine, seconds = build_index(config, real, size)
    merged(engine, args.merge_wait)

    parts = Parts(hybrid, es_search) if args.breakdown else None

    def ask(q):
        if args.mode == "lexical":
            return engine.search(q)
        hybrid._embed.cache_clear()  # the query's embedding is part of every timed query
        if parts is None:
            return service.search(replace(q, mode=args.mode), engine)
        with parts.query():
            return service.search(replace(q, mode=args.mode), engine)

    try:
        load = os.getloadavg()[0]
        mix = rounds([lambda q=q: ask(q) for q in queries], args.repeat)
        (bad,) = rounds([lambda: ask(worst)], args.repeat)
        after = os.getloadavg()[0]
        print(f"{engine.name}: load average {load:.1f} before timing, {after:.1f} after")
        if args.per_query:
            for (text, filters), times in [*zip(MIX, mix, strict=True), (WORST, bad)]:
                label = f"{text!r} {filters or ''}"[:60]
                print(f"  {label:60} p50 {pct(times, 50):7.1f}ms  max {max(times):7.1f}ms")
        if parts is not None:
            parts.report(skip=(len(queries), len(queries) * (1 + args.repeat)))
    finally:
        if parts is not None:
            parts.restore()
        if not keep:
            engine.drop()
            if args.mode != "lexical":
                from search.vectors import store

                store.drop(store.store_path(config))
        override.disable()
    return figures(f"{engine.name} {args.mode}", size, seconds, mix, bad)


# -- the peer: Wagtail's database backend --------------------------------------------------------
def use_database(path: Path) -> None:
    """Point Django's default database at the SQLite file ``path`` (as Django's test runner
    does for its test database); the configured database is not touched again."""
    from django.db import connections
    from django.db.utils import load_backend

    old = connections["default"]
    old.close()
    engine = "django.db.backends.sqlite3"
    settings_dict = {**old.settings_dict, "ENGINE": engine, "NAME": str(path), "OPTIONS": {}}
    connections["default"] = load_backend(engine).DatabaseWrapper(settings_dict, "default")


def close_database() -> None:
    from django.db import connections

    connections["default"].close()


def empty_database(tmp: Path) -> Path:
    """A migrated SQLite database with the licence registry and no materials."""
    from django.core.management import call_command

    path = tmp / "template.sqlite3"
    use_database(path)
    with redirect_stdout(StringIO()):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("licenses", "load", verbosity=0)
    close_database()
    return path


def insert_materials(docs) -> None:
    """The documents as active Material rows (same ids, slugs and field values)."""
    from django.utils.dateparse import parse_datetime

    from catalog.licenses.models import License
    from catalog.materials.models import Material, MaterialStatus

    licenses = dict(License.objects.values_list("key", "pk"))
    batch: list[Material] = []
    for doc in docs:
        batch.append(
            Material(
                id=doc["id"],
                source_key="bench",
                remote_id=str(doc["id"]),
                slug=doc["slug"],
                title=doc["title"][:500],
                description=doc["description"],
                license_id=licenses.get(doc["license"]),
                subjects=doc["subjects"],
                grades=doc["grades"],
                grade_min=doc["grade_min"],
                grade_max=doc["grade_max"],
                resource_types=doc["resource_types"],
                language=doc["language"],
                keywords=doc["keywords"],
                authors=doc["authors"],
                publisher=doc["publisher"][:300],
                provider=doc["provider"][:300],
                date_created=parse_datetime(doc["date_created"]) if doc["date_created"] else None,
                status=MaterialStatus.ACTIVE,
            )
        )
        if len(batch) == 2000:
            Material.objects.bulk_create(batch)
            batch = []
    Material.objects.bulk_create(batch)


def material_database(template: Path, tmp: Path, real: list[dict], size: int) -> Path:
    """A copy of ``template`` holding the ``size`` varied documents as materials (in use)."""
    path = tmp / f"materials-{size}.sqlite3"
    shutil.copyfile(template, path)
    use_database(path)
    insert_materials(varied(real, size))
    return path


@functools.cache
def peer_model():
    """Material as Wagtail must see it to filter on the facet fields (a proxy: no table)."""
    from wagtail.search import index

    from catalog.materials.models import Material

    class PeerMaterial(Material):
        search_fields = Material.search_fields + [
            index.FilterField(name) for name in ("subjects", "grades", "resource_types", "license")
        ]

        class Meta:
            proxy = True
            app_label = "materials"

    return PeerMaterial


def bucket_licenses(real: list[dict]) -> dict[str, tuple[list[int], bool]]:
    """Licence bucket -> (ids of the licences in it, whether unlicensed documents are in it)."""
    from catalog.licenses.models import License

    ids = dict(License.objects.values_list("key", "pk"))
    keys: dict[str, set[str]] = {}
    for doc in real:
        keys.setdefault(doc["license_bucket"], set()).add(doc["license"])
    return {
        bucket: (sorted(ids[k] for k in found if k in ids), any(k not in ids for k in found))
        for bucket, found in keys.items()
    }


def peer_conditions(filters: dict, buckets: dict) -> list:
    from django.db.models import Q

    fields = {"subject": "subjects", "grade": "grades", "resource_type": "resource_types"}
    out = []
    for name, values in filters.items():
        either = Q()
        for value in values:
            if name == "license_bucket":
                ids, unlicensed = buckets.get(value, ([], False))
                either |= Q(license_id__in=ids)
                if unlicensed:
                    either |= Q(license_id__isnull=True)
            else:  # a JSON list: match the quoted value in its text
                either |= Q(**{f"{fields[name]}__icontains": f'"{value}"'})
        out.append(either)
    return out


def budgeted(call, budget_s: float):
    """``call`` interrupted after ``budget_s`` seconds: its time, or inf when it ran out."""
    from django.db import connection
    from django.db.utils import OperationalError

    def run():
        connection.ensure_connection()
        timer = threading.Timer(budget_s, connection.connection.interrupt)
        timer.start()
        try:
            call()
        except OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise TimeoutError from exc
        finally:
            timer.cancel()

    return run


def budget_rounds(calls: list, repeat: int) -> list[list[float]]:
    """As ``rounds``, but a call that runs out of time counts as inf and is not run again."""
    out: list[list[float]] = []
    for call in calls:
        try:
            call()  # warm-up
            out.append([timed(call) for _ in range(repeat)])
        except TimeoutError:
            out.append([math.inf] * repeat)
    return out


def run_peer(real: list[dict], size: int, repeat: int, budget_s: float) -> list[dict]:
    """Wagtail's backend ranked (its default) and unranked (``order_by_relevance=False``)."""
    from wagtail.search.backends import get_search_backend

    from catalog.materials.models import Material

    model = peer_model()
    backend = get_search_backend()
    buckets = bucket_licenses(real)
    seconds, last = 0.0, 0
    while chunk := list(Material.objects.filter(pk__gt=last).order_by("pk")[:2000]):
        started = time.perf_counter()  # indexing only: reading the rows is not the backend's
        backend.add_bulk(Material, chunk)
        seconds += time.perf_counter() - started
        last = chunk[-1].pk

    def query(text: str, filters: dict, ranked: bool):
        conditions = peer_conditions(filters, buckets)

        def call():
            qs = model.objects.filter(status="active").filter(*conditions)
            if text:
                res = backend.search(text, qs, order_by_relevance=ranked)
                return list(res[:PEER_PAGE]), res.count()
            return list(qs.order_by("pk")[:PEER_PAGE]), qs.count()

        return budgeted(call, budget_s)

    rows = []
    for ranked, name in ((True, "wagtail-db (peer)"), (False, "  unranked")):
        mix = budget_rounds([query(t, f, ranked) for t, f in MIX], repeat)
        (bad,) = budget_rounds([query(*WORST, ranked)], repeat)
        rows.append(figures(name, size, seconds, mix, bad))
    return rows


# -- report ------------------------------------------------------------------------------------
def _ms(value: float, budget_s: float) -> str:
    return f"{value:8.1f}ms" if value != math.inf else f">{budget_s * 1000:7.0f}ms"


def _times(peer: float, ours: float, budget_s: float) -> str:
    return f"{peer / ours:9.1f}x" if peer != math.inf else f">{budget_s * 1000 / ours:8.0f}x"


def report(size: int, args, ours: list[dict], peers: list[dict]) -> None:
    budget_s = args.peer_budget
    print(
        f"\n{size:,} documents: {len(MIX)} queries x {args.repeat} rounds (peer: "
        f"{args.peer_repeat}), four facets each; worst = {WORST[0]!r}"
    )
    print(f"{'engine':20} {'index docs/s':>12} {'mix p50':>10} {'mix p95':>10} {'worst p95':>10}")
    print(f"(Elasticsearch request cache {args.request_cache})")
    for row in [*ours, *peers]:
        print(
            f"{row['name']:20} {row['rate']:12,.0f} {_ms(row['p50'], budget_s)} "
            f"{_ms(row['p95'], budget_s)} {_ms(row['worst'], budget_s)}"
        )
    for peer in peers:
        for row in ours:
            label = f"{row['name']} vs {peer['name'].strip()}"
            print(
                f"{label:33} {_times(peer['p50'], row['p50'], budget_s)} "
                f"{_times(peer['p95'], row['p95'], budget_s)} "
                f"{_times(peer['worst'], row['worst'], budget_s)}  (times faster; index "
                f"rate {row['rate'] / peer['rate']:.1f}x)"
            )
    if any(math.inf in (p["p50"], p["p95"], p["worst"]) for p in peers):
        print(f"  >: the peer query was stopped after {budget_s:.0f} s (--peer-budget)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", "--size", default="100000", help="comma-separated, e.g. 100000,1000000"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the query mix")
    parser.add_argument("--engines", default="fts5,elasticsearch", help="fts5,elasticsearch")
    parser.add_argument("--no-peer", action="store_true", help="skip Wagtail's DB backend")
    parser.add_argument(
        "--peer-repeat", type=int, default=1, help="timed rounds for the (much slower) peer"
    )
    parser.add_argument(
        "--peer-budget", type=float, default=20.0, help="seconds before a peer query is stopped"
    )
    parser.add_argument(
        "--request-cache",
        choices=("off", "on"),
        default="off",
        help="Elasticsearch's shard request cache (off: every query computed)",
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="Elasticsearch: keep the bench index per size and reuse it in later runs",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="with --reuse-index: build the kept index anew"
    )
    parser.add_argument("--per-query", action="store_true", help="print each query's times")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="print where the time goes: embedding, _msearch trips, Python (p50, p95)",
    )
    parser.add_argument(
        "--merge-wait",
        type=float,
        default=1800,
        help="Elasticsearch: seconds to wait for the index to be merged to one segment",
    )
    parser.add_argument(
        "--mode", default="lexical", help="lexical (engine only), hybrid or semantic (service)"
    )
    parser.add_argument(
        "--drop-kept", action="store_true", help="delete the kept indices of --sizes and exit"
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    names = [n.strip() for n in args.engines.split(",") if n.strip()]

    setup_django()
    if args.drop_kept:
        from search.engines import get_engine
        from search.vectors import store

        for size in sizes:
            for config in engine_configs(["elasticsearch"], Path(), size, keep=True):
                get_engine(config).drop()
                store.drop(store.store_path(config))  # the kept index's vectors
        return
    real = real_documents()
    with tempfile.TemporaryDirectory(prefix="oer-search-bench-") as tmpdir:
        tmp = Path(tmpdir)
        template = None if args.no_peer else empty_database(tmp)
        for size in sizes:
            ours = [
                run_engine(config, real, size, args)
                for config in engine_configs(names, tmp, size, keep=args.reuse_index)
            ]
            peers = []
            if template is not None:
                path = material_database(template, tmp, real, size)
                peers = run_peer(real, size, args.peer_repeat, args.peer_budget)
                close_database()
                path.unlink()
            report(size, args, ours, peers)


if __name__ == "__main__":
    main()
