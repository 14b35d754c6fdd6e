"""Harvest benchmark: a large OAI-PMH feed from the replay server, harvested end to end by this
project's harvester and by a sickle-based reference, into the same store.

    .venv/bin/python bench/harvest.py                       # 100,000 oai_dc + 100,000 LOM
    .venv/bin/python bench/harvest.py --records 1000000 --formats oai_dc --skip-reference
    DATABASE_URL=postgres://… ELASTICSEARCH_URL=… .venv/bin/python bench/harvest.py
    .venv/bin/python bench/harvest.py --sources 20 --records 5000 --workers 1,2,4

With ``--sources`` it runs the many-sources scenario instead (``bench/harvest_workers.py``):
that many sources of ``--records`` records each, harvested through the scheduler and the task
queue by 1, 2, 4 … ``manage.py task_worker`` processes on PostgreSQL.

The feed varies the real OER Commons records (harvesters/fixtures/oer_commons_demo.csv): each
generated record is a real row with a distinct URL and title. Pages hold --page-size records,
and one page holds --big-page records (over 10 MB). Each harvester runs in its own process
(so peak memory is its own) against the same pages; the store is emptied between runs.

Reference ("sickle"): sickle 0.7 ``ListRecords`` (parses each page whole with lxml), the same
pure normalizer, and the same batch importer as ours (``material_upsert_many``, one transaction
per ``harvesters.pipeline.CHUNK`` records), so the ratio measures fetching and parsing only.
With ``--per-record-reference`` a second reference ("sickle-1by1") writes each record through
``material_upsert`` in its own transaction, the way a harvester built on sickle naively does;
its ratio measures the importer as well, and is labelled as such.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harvest_workers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_CSV = ROOT / "harvesters" / "fixtures" / "oer_commons_demo.csv"
IDENTIFY = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-20T10:00:00Z</responseDate>
<request verb="Identify">http://127.0.0.1/oai</request><Identify><repositoryName>bench</repositoryName>
<baseURL>http://127.0.0.1/oai</baseURL><protocolVersion>2.0</protocolVersion>
<adminEmail>a@example.org</adminEmail><earliestDatestamp>2016-01-01</earliestDatestamp>
<deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>"""
FORMATS = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-20T10:00:00Z</responseDate>
<request verb="ListMetadataFormats">http://127.0.0.1/oai</request><ListMetadataFormats>
<metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>x</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>
<metadataFormat><metadataPrefix>lom</metadataPrefix><schema>x</schema><metadataNamespace>http://ltsc.ieee.org/xsd/LOM</metadataNamespace></metadataFormat>
</ListMetadataFormats></OAI-PMH>"""


# -- the feed ---------------------------------------------------------------------------------
def _rows() -> list[dict]:
    with DEMO_CSV.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter=";") if r["NAME"].strip()]


def _vary(row: dict, i: int) -> dict:
    from harvesters.testing.lom_builder import xml_safe

    row = xml_safe(row)
    return {**row, "URL": f"{row['URL']}?variant={i}", "NAME": f"{row['NAME']} (variant {i})"}


def _dc_record(row: dict, identifier: str):
    from lxml.builder import ElementMaker

    oai = "http://www.openarchives.org/OAI/2.0/"
    O = ElementMaker(namespace=oai, nsmap={None: oai})  # noqa: E741 - O for the OAI namespace
    dc_ns, oai_dc = (
        "http://purl.org/dc/elements/1.1/",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    )
    D = ElementMaker(namespace=dc_ns, nsmap={"dc": dc_ns, "oai_dc": oai_dc})
    Q = ElementMaker(namespace=oai_dc, nsmap={"dc": dc_ns, "oai_dc": oai_dc})
    split = lambda v: [x for x in (v or "").split("|") if x]  # noqa: E731
    dc = Q.dc(
        D.title(row["NAME"]),
        D.description(row.get("TEACHER_OVERVIEW", "")),
        D.identifier(row["URL"]),
        D.rights(row.get("LICENSE_URL") or row.get("LICENSE_TITLE") or ""),
        D.publisher(row.get("PROVIDER") or "OER Commons"),
        D.date(row.get("CREATE_DATE") or "2020-01-01"),
        *[D.subject(s) for s in split(row.get("SUBJECTS"))],
        *[D.subject(k) for k in split(row.get("KEYWORDS"))],
        *[D.type(t) for t in split(row.get("MATERIAL_TYPES"))],
        *[D.language(lang) for lang in split(row.get("LANGUAGES"))],
    )
    return O.record(O.header(O.identifier(identifier), O.datestamp("2026-11-19")), O.metadata(dc))


def build_feed(folder: Path, fmt: str, records: int, page_size: int, big_page: int) -> list[Path]:
    """Pages ``{fmt}-0001.xml`` …; the token of each names the next file. Returns the pages."""
    from harvesters.testing.lom_builder import list_records_page, lom_record

    rows = _rows()
    pages, start, n = [], 0, 0
    sizes = []
    while start < records:
        size = big_page if n == 2 else page_size
        sizes.append(min(size, records - start))
        start += size
        n += 1
    start = 0
    for index, size in enumerate(sizes, 1):
        recs = []
        for i in range(start, start + size):
            row = _vary(rows[i % len(rows)], i)
            ident = f"oai:bench:{i}"
            recs.append(
                _dc_record(row, ident) if fmt == "oai_dc" else lom_record(row, ident, "2026-11-19")
            )
        start += size
        token = f"{fmt}-{index + 1:04d}.xml" if index < len(sizes) else ""
        path = folder / f"{fmt}-{index:04d}.xml"
        path.write_bytes(
            list_records_page(
                recs,
                response_date="2026-11-20T10:00:00Z",
                token=token,
                complete_list_size=records,
                cursor=start - size,
                prefix=fmt,
            )
        )
        pages.append(path)
    return pages


def serve(folder: Path, fmt: str, pages: list[Path]):
    from harvesters.testing.replay import ReplayServer, Reply

    server = ReplayServer(gzip_responses=False)
    server.add({"verb": "Identify"}, Reply(IDENTIFY.encode()))
    server.add({"verb": "ListMetadataFormats"}, Reply(FORMATS.encode()))
    server.add({"verb": "ListRecords", "metadataPrefix": fmt}, Reply(pages[0]))
    for page in pages[1:]:
        server.add({"verb": "ListRecords", "resumptionToken": page.name}, Reply(page))
    server.start()
    return server


# -- one harvester, in a child process ---------------------------------------------------------
def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")
    os.environ.setdefault("DEBUG", "0")  # as in production: no per-query log
    import django

    django.setup()


def _empty_store() -> None:
    from catalog.materials.models import Material
    from harvesters.models import HarvestSource

    HarvestSource.objects.all().delete()
    Material.objects.all().delete()
    from search.service import index_rebuild

    index_rebuild()  # an empty index: a harvest starts from nothing on both sides


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM). Not ``ru_maxrss``: on
    Linux that keeps the peak of the parent image the child was forked from."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(role: str, url: str, fmt: str, limit: int = 0, total: int = 0) -> dict:
    memory_trace: list[tuple[int, int]] = []
    _django()
    from django.db import connection

    start, cpu_start = time.perf_counter(), time.process_time()
    if role == "ours":
        from harvesters.services import harvest_source_create, harvest_source_run

        source = harvest_source_create("bench", "oai-pmh", url, metadata_format=fmt)
        source.requests_per_second = 0
        source.save()
        done = [0]

        def track(run, n: int) -> None:  # resident memory as the harvest goes on
            done[0] += n
            step = max(total // 10, 1)
            if done[0] // step != (done[0] - n) // step or done[0] == n:
                memory_trace.append((done[0], round(current_rss_mb())))

        run = harvest_source_run(source, progress=track)
        if run.status != "succeeded":
            raise SystemExit(f"harvest {run.status}: {run.message}")
        seen, created = run.seen, run.created
    else:
        from django.db import transaction
        from sickle import Sickle

        from catalog.materials.services.upsert import material_upsert_many
        from harvesters.normalizers.registry import normalizer_for
        from harvesters.pipeline import CHUNK

        normalize = normalizer_for(fmt)
        batch_size = 1 if role == "sickle-1by1" else CHUNK
        seen = created = 0
        batch = []

        def write(records) -> int:
            with transaction.atomic():
                results = material_upsert_many("bench-sickle", records)
            return sum(r.outcome == "created" for r in results)

        for record in Sickle(url, max_retries=3).ListRecords(
            metadataPrefix=fmt, ignore_deleted=True
        ):
            seen += 1
            batch.append(normalize(record.raw.encode("utf-8")))
            if len(batch) >= batch_size:
                created += write(batch)
                batch = []
            if limit and seen >= limit:
                break
        if batch:
            created += write(batch)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mb = peak_rss_mb()
    from search.service import index_refresh, index_status

    index_refresh()
    indexed = index_status().get("documents")
    vendor = connection.vendor
    return {
        "role": role,
        "format": fmt,
        "seen": seen,
        "created": created,
        "seconds": round(elapsed, 1),
        "records_per_s": round(seen / elapsed),
        "cpu_seconds": round(cpu, 1),
        "records_per_cpu_s": round(seen / max(cpu, 1e-9)),
        "peak_mb": round(peak_mb),
        "indexed": indexed,  # documents in the search index when the harvest returned
        "rss_mb_by_records": memory_trace,  # flat memory: about the same at 10% and at 100%
        "database": vendor,
    }


def run_child(role: str, url: str, fmt: str, limit: int = 0, total: int = 0) -> dict:
    # Empty the store in a process of its own: deleting a previous run's materials loads them,
    # and that must not count in the harvester's peak memory.
    subprocess.run(
        [sys.executable, __file__, "--child", "empty", "--url", url], check=True, cwd=ROOT
    )
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            role,
            "--url",
            url,
            "--formats",
            fmt,
            "--reference-records",
            str(limit),
            "--records",
            str(total),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--records", type=int, help="records (100,000); per source with --sources (5,000)"
    )
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--big-page", type=int, default=6500, help="records in the >10 MB page")
    parser.add_argument("--formats", default="oai_dc,lom")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument(
        "--per-record-reference",
        action="store_true",
        help="also run sickle with one material_upsert per record (measures the importer too)",
    )
    parser.add_argument(
        "--reference-records",
        type=int,
        default=0,
        help="stop the (slow) sickle reference after this many records (0 = all)",
    )
    parser.add_argument("--child")
    parser.add_argument("--url")
    harvest_workers.add_arguments(
        parser.add_argument_group("many sources on the task queue (bench/harvest_workers.py)"),
        standalone=False,
    )
    args = parser.parse_args()
    if args.sources and not args.child:
        args.records = args.records or 5000
        raise SystemExit(harvest_workers.run(args))
    args.records = args.records or 100_000
    if args.child == "empty":
        _django()
        _empty_store()
        return
    if args.child:
        result = child(args.child, args.url, args.formats, args.reference_records, args.records)
        print(json.dumps(result))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("OER_VAR_DIR", str(ROOT / "var" / "bench"))
        Path(os.environ["OER_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True, cwd=ROOT)
    # The license registry, so license strings resolve as in a real catalog.
    subprocess.run(
        [sys.executable, "manage.py", "licenses", "load"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="oai-bench-") as tmp:
        for fmt in args.formats.split(","):
            folder = Path(tmp)
            t0 = time.perf_counter()
            pages = build_feed(folder, fmt, args.records, args.page_size, args.big_page)
            biggest = max(p.stat().st_size for p in pages)
            print(
                f"{fmt}: {args.records} records in {len(pages)} pages, biggest "
                f"{biggest / 1e6:.1f} MB (built in {time.perf_counter() - t0:.0f}s)",
                flush=True,
            )
            server = serve(folder, fmt, pages)
            try:
                roles = ["ours"] if args.skip_reference else ["ours", "sickle"]
                if args.per_record_reference and not args.skip_reference:
                    roles.append("sickle-1by1")
                for role in roles:
                    limit = args.reference_records if role.startswith("sickle") else 0
                    result = run_child(role, server.url, fmt, limit, args.records)
                    results.append(result)
                    print(json.dumps(result), flush=True)
            finally:
                server.stop()
            for page in pages:
                page.unlink()
    print()
    print(
        f"{'format':8} {'harvester':10} {'records':>8} {'rec/s':>8} {'rec/cpu-s':>10} "
        f"{'peak MB':>8} {'indexed':>8}  database"
    )
    for r in results:
        print(
            f"{r['format']:8} {r['role']:10} {r['seen']:>8} {r['records_per_s']:>8} "
            f"{r['records_per_cpu_s']:>10} {r['peak_mb']:>8} {r['indexed']!s:>8}  {r['database']}"
        )
    for fmt in args.formats.split(","):
        mine = [r for r in results if r["format"] == fmt and r["role"] == "ours"]
        labels = {
            "sickle": "sickle + the same batch importer (fetching and parsing)",
            "sickle-1by1": "sickle + one upsert per record (fetching, parsing and importing)",
        }
        for role, label in labels.items():
            ref = [r for r in results if r["format"] == fmt and r["role"] == role]
            if mine and ref:
                ratio = mine[0]["records_per_s"] / max(ref[0]["records_per_s"], 1)
                cpu_ratio = mine[0]["records_per_cpu_s"] / max(ref[0]["records_per_cpu_s"], 1)
                print(f"{fmt}: {ratio:.1f}x {label} ({cpu_ratio:.1f}x per CPU second)")


if __name__ == "__main__":
    main()
