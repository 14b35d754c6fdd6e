"""Page speed: the search API and the material page, end to end through Django, at N materials.

Builds what ``bench/search.py`` builds for one size (same documents, same code): an FTS5 index
of N varied materials and a throw-away SQLite database holding them as Material rows (with
Wagtail's site tree from the migrations), points the settings at both, and sends requests
through Django's test Client (middleware, URL routing, views, templates; no network):

- ``/api/v1/search`` with the query mix of ``bench/search.py`` and its four facets, then again
  with the default facets (all nine);
- ``/materials/<slug>/`` for ``--pages`` materials picked at random, each requested once (no
  page cache exists; nothing is served twice), with the SQL queries one request runs;
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
    parser.add_argument(
        "--standards-only", action="store_true", help="only the framework pages (no materials)"
    )
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

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
        _engine, seconds = build_index(config, real, args.size)
        print(f"{args.size:,} materials: FTS5 index built in {seconds:.0f} s", end="")
        material_database(empty_database(tmp), tmp, real, args.size)
        print(", database loaded")
        client = Client()
        with override_settings(OER_SEARCH=config, ALLOWED_HOSTS=["testserver"]):
            for facets, label in ((FACETS4, "four facets"), (None, "all facets")):
                urls = [api_url(t, f, facets) for t, f in MIX]
                if not all(client.get(u).status_code == 200 for u in urls):
                    raise SystemExit("a search API URL did not answer 200")
                per_url = rounds([lambda u=u: client.get(u) for u in urls], args.repeat)
                line(f"/api/v1/search ({label})", [ms for t in per_url for ms in t])

            slugs = [d["slug"] for d in varied(real, args.size)]
            picked = random.Random(11).sample(slugs, min(len(slugs), args.pages + 25))
            for slug in picked[:20]:  # warm-up: templates compiled, connections open
                if client.get(f"/materials/{slug}/").status_code != 200:
                    raise SystemExit(f"/materials/{slug}/ did not answer 200")
            counts = []
            for slug in picked[20:25]:
                with CaptureQueriesContext(connection) as queries:
                    client.get(f"/materials/{slug}/")
                counts.append(len(queries))
            timings = [timed(lambda s=s: client.get(f"/materials/{s}/")) for s in picked[25:]]
            line(
                "/materials/<slug>/ (uncached)",
                timings,
                f"{max(counts)} SQL queries per page ({len(timings)} pages)",
            )
            framework_pages(client, args.repeat)


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
