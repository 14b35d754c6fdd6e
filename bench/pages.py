"""Page speed: the search API and the material page, end to end through Django, at N materials.

Builds what ``bench/search.py`` builds for one size (same documents, same code): an FTS5 index
of N varied materials and a throw-away SQLite database holding them as Material rows (with
Wagtail's site tree from the migrations), points the settings at both, and sends requests
through Django's test Client (middleware, URL routing, views, templates; no network):

- ``/api/v1/search`` with the query mix of ``bench/search.py`` and its four facets, then again
  with the default facets (all nine);
- ``/materials/<slug>/`` for ``--pages`` materials picked at random, each requested once (no
  page cache exists; nothing is served twice), with the SQL queries one request runs. Every
  material has a source row and a vector (as ``bench/search.py`` stores them); one in three has
  two confirmed standards and one in ten is on a published approved list; the picked materials
  have all of it, with two suggested standards, the page at its fullest;
  The page is timed through its own URL pattern and, on other materials, through Wagtail's
  catch-all routing; besides wall-clock time, the CPU time of this process (SQLite runs in
  it), steadier than wall-clock time when other jobs share the machine;
- ``/api/v1/materials/<id>/similar`` for the same materials, and the similar-materials part
  the page fetches after load;
- ``/standards/frameworks/<pk>/`` for real frameworks of 700 to 1,850 items (CCSS Math in
  CASE, CCSS ELA from ASN, the official CCSS identifiers), from ../shared/data/standards.

    .venv/bin/python bench/pages.py                 # 100,000 materials
    .venv/bin/python bench/pages.py --size 1000000
    .venv/bin/python bench/pages.py --standards-only
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import (  # noqa: E402  (after the path set-up above)
    FACETS4,
    MIX,
    build_index,
    empty_database,
    material_database,
    pct,
    real_documents,
    rounds,
    setup_django,
    store_vectors,
    timed,
    varied,
)


def api_url(text: str, filters: dict, facets: tuple[str, ...] | None) -> str:
    params = [("q", text)] + [(name, v) for name, values in filters.items() for v in values]
    if facets is not None:
        params.append(("facets", ",".join(facets)))
    return "/api/v1/search?" + urlencode(params)


def line(label: str, timings: list[float], extra: str = "") -> None:
    print(f"{label:32} p50={pct(timings, 50):7.1f}ms  p95={pct(timings, 95):7.1f}ms  {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the API mix")
    parser.add_argument("--pages", type=int, default=300, help="material pages requested")
    parser.add_argument("--show-queries", action="store_true", help="print one page's SQL")
    parser.add_argument(
        "--material-pages-only", action="store_true", help="no search API, no framework pages"
    )
    parser.add_argument(
        "--standards-only", action="store_true", help="only the framework pages (no materials)"
    )
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.test import Client, override_settings

    if args.standards_only:
        with tempfile.TemporaryDirectory(prefix="oer-pages-bench-") as tmpdir:
            empty_database(Path(tmpdir))
            with override_settings(ALLOWED_HOSTS=["testserver"]):
                framework_pages(Client(), args.repeat)
        return

    real = real_documents()
    with tempfile.TemporaryDirectory(prefix="oer-pages-bench-") as tmpdir:
        tmp = Path(tmpdir)
        config = {**settings.OER_SEARCH, "ENGINE": "fts5", "FTS5_PATH": str(tmp / "index.db")}
        seconds = store_vectors(config, real, args.size)
        print(f"{args.size:,} materials: vectors stored in {seconds:.0f} s", end="")
        _engine, seconds = build_index(config, real, args.size)
        print(f", FTS5 index built in {seconds:.0f} s", end="")
        material_database(empty_database(tmp), tmp, real, args.size)
        slugs = [d["slug"] for d in varied(real, args.size)]
        picked = random.Random(11).sample(range(len(slugs)), min(len(slugs), args.pages + 25))
        decorate(args.size, [i + 1 for i in picked])
        print(", database loaded and decorated")
        client = Client()
        with override_settings(OER_SEARCH=config, ALLOWED_HOSTS=["testserver"]):
            for facets, label in ((FACETS4, "four facets"), (None, "all facets")):
                if args.material_pages_only:
                    break
                urls = [api_url(t, f, facets) for t, f in MIX]
                if not all(client.get(u).status_code == 200 for u in urls):
                    raise SystemExit("a search API URL did not answer 200")
                per_url = rounds([lambda u=u: client.get(u) for u in urls], args.repeat)
                line(f"/api/v1/search ({label})", [ms for t in per_url for ms in t])

            ids = [i + 1 for i in picked]
            picked = [slugs[i] for i in picked]
            for slug in picked[:20]:  # warm-up: templates compiled, connections open
                if client.get(f"/materials/{slug}/").status_code != 200:
                    raise SystemExit(f"/materials/{slug}/ did not answer 200")
            half = 25 + (len(picked) - 25) // 2
            material_pages(client, picked[20:half], "", args.show_queries)
            with override_settings(ROOT_URLCONF=wagtail_routed_urlconf()):
                material_pages(client, picked[half:], " Wagtail-routed", args.show_queries)
            similar = [
                timed(lambda i=i: client.get(f"/api/v1/materials/{i}/similar?limit=6"))
                for i in ids[25:]
            ]
            line("/api/v1/materials/<id>/similar", similar, "(fetched by the page after load)")
            slug = picked[-1]
            for path, what in ((f"/materials/{slug}/similar/?part=1", "similar part"),):
                timings = [timed(lambda p=path: client.get(p)) for _ in range(20)]
                line(f"/materials/<slug>/{what}", timings, "(the page's script fetches it)")
            if not args.material_pages_only:
                framework_pages(client, args.repeat)


def decorate(size: int, full: list[int]) -> None:
    """What harvested and curated materials carry beside their fields: a source row each; two
    confirmed standards for one in three; one in ten on a published approved list; ``full``
    (the materials whose pages are timed) all of it, and two pending suggested standards."""
    import datetime as dt

    from catalog.lists.models import ApprovedListPage, ListVersion
    from catalog.materials.models import MaterialSource
    from catalog.pages.models import HomePage
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Alignment, AlignmentSuggestion, StandardItem

    MaterialSource.objects.bulk_create(
        (
            MaterialSource(
                material_id=i, source_key="bench", remote_id=str(i), url=f"https://e.org/{i}"
            )
            for i in range(1, size + 1)
        ),
        batch_size=5000,
    )
    if STANDARDS.is_dir():
        standards_import([str(STANDARDS / FRAMEWORK_FILES[0])])
    items = list(StandardItem.objects.values_list("pk", flat=True)[:500])
    full_set = set(full)
    aligned = sorted({i for i in range(1, size + 1, 3)} | full_set)
    if items:
        Alignment.objects.bulk_create(
            (
                Alignment(material_id=i, item_id=items[(i + k) % len(items)], target=f"t{k}")
                for i in aligned
                for k in (0, 7)
            ),
            batch_size=5000,
        )
        AlignmentSuggestion.objects.bulk_create(
            AlignmentSuggestion(material_id=i, item_id=items[(i + k) % len(items)], score=0.5)
            for i in full
            for k in (3, 11)
        )
    page = ApprovedListPage(
        title="Bench list", slug="bench-list", jurisdiction="US-XX", subject="Mathematics"
    )
    HomePage.objects.get().add_child(instance=page)
    listed = sorted({i for i in range(1, size + 1, 10)} | full_set)
    ListVersion.objects.create(
        list_page=page,
        number=1,
        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        entries=[{"material_id": i} for i in listed],
    )


def material_pages(client, slugs: list[str], label: str, show_queries: bool) -> None:
    """The SQL queries of the first five pages (the most any ran), then the others timed."""
    from django.db import connection

    counts = []
    for slug in slugs[:5]:
        statements: list[str] = []

        def record(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            if client.get(f"/materials/{slug}/").status_code != 200:
                raise SystemExit(f"/materials/{slug}/ did not answer 200{label}")
        counts.append(len(statements))
    wall, cpu = [], []
    for slug in slugs[5:]:
        started = time.process_time()
        wall.append(timed(lambda s=slug: client.get(f"/materials/{s}/")))
        cpu.append((time.process_time() - started) * 1000)
    line(
        f"/materials/<slug>/{label}",
        wall,
        f"{max(counts)} SQL queries per page ({len(wall)} pages)",
    )
    line("  CPU time of the same requests", cpu)
    if show_queries:
        for sql in statements:
            print("   ", sql[:150])


def wagtail_routed_urlconf() -> str:
    """The project's URLconf without the material page's own pattern, so Wagtail's
    catch-all routes ``/materials/<slug>/`` (the comparison that decides whether the pattern
    earns its place); the module's name, for ``ROOT_URLCONF``."""
    import types

    from oer_registry import urls

    module = types.ModuleType("bench_wagtail_routed_urls")
    module.urlpatterns = [p for p in urls.urlpatterns if getattr(p, "name", "") != "material_page"]
    module.handler404, module.handler500 = urls.handler404, urls.handler500
    sys.modules[module.__name__] = module
    return module.__name__


STANDARDS = ROOT.parent / "shared" / "data" / "standards"
FRAMEWORK_FILES = (
    "case-opensalt/CCSS-Math_CASE_math_cfs_sample.json",
    "asn-common-standards-project/asn-manifest/CC-reading.json",
    "asn-common-standards-project/ccssi-identifiers/CCSSI-identifiers-v2.json",
)


def framework_pages(client, repeat: int) -> None:
    """Time each imported framework's page (a tree of every item, one link each)."""
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Framework

    if not STANDARDS.is_dir():
        print(f"standards: {STANDARDS} missing, framework pages not measured")
        return
    standards_import([str(STANDARDS / name) for name in FRAMEWORK_FILES])
    for framework in Framework.objects.order_by("title"):
        url = f"/standards/frameworks/{framework.pk}/"
        body = client.get(url).content.decode()  # warm-up
        timings = [timed(lambda u=url: client.get(u)) for _ in range(max(repeat, 1) * 4)]
        line(f"framework ({body.count('<a ')} links)", timings, framework.title[:40])


if __name__ == "__main__":
    main()
