"""Many sources on the task queue: N OAI-PMH sources on the replay server, harvested through
the scheduler and ``manage.py task_worker`` processes, with 1, 2, 4 … workers on PostgreSQL.

    eval "$(scripts/services.sh env)"    # DATABASE_URL (PostgreSQL), ELASTICSEARCH_URL
    .venv/bin/python bench/harvest.py --sources 20 --records 5000 --workers 1,2,4
    .venv/bin/python bench/harvest_workers.py --sources 4 --records 2000 --workers 1,2

What runs is what production runs. ``manage.py harvest_scheduler --once`` enqueues one
``harvesters.tasks.harvest_source_task`` per due source on the django-tasks database queue;
N ``manage.py task_worker`` processes (started, and idle, before the enqueue) take the tasks
(a locked row each, so no source runs twice) and run ``harvest_source_run``: gather, fetch,
normalize, import, and the search outbox drained to the engine before the run returns.

Each worker count starts from the same empty catalog: a database copied from a template that
was migrated and given the licence registry once (``CREATE DATABASE … TEMPLATE``), and a fresh
search index (Elasticsearch under the index prefix ``oer-bench-workers`` when
ELASTICSEARCH_URL is set, else FTS5), and an empty ``var/bench-workers`` (vector store,
embeddings text cache). The bench databases are named
``--database`` and ``<database>_tpl``; no test database is touched. ``--keep`` leaves them.

Every source serves its own records: distinct OAI identifiers and distinct URLs (the real OER
Commons rows of ``harvesters/fixtures/oer_commons_demo.csv``, varied per source and record),
so no record is deduplicated into another source's material and the right count per source
is exactly ``--records``. After each worker count the catalog is checked: one finished run per
source, ``--records`` materials per source, no material twice, none lost, all indexed.

Wall time runs from the first harvest task's enqueue to the last run's end (every material
stored and in the lexical search index: each run drains that index before it returns), from
the database's own timestamps. What the runs leave on the queue (the "embeddings" outbox
drains, Wagtail's reference-index updates) is counted; ``--whole-queue`` waits for it as well
and reports that time too. Worker CPU is the workers' user + system time at the end.
On a machine with fewer cores than workers (plus PostgreSQL, Elasticsearch and the
replay server beside them) the speed-up flattens: the figures measure the machine as well.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # ahead of bench/, whose search.py is not the search app

INDEX_PREFIX = "oer-bench-workers"
# The bench's own var directory: FTS5 (without Elasticsearch), the vector store and the
# embeddings text cache, emptied per worker count so no count starts warm.
VAR_DIR = ROOT / "var" / "bench-workers"
RESPONSE_DATE = "2026-11-20T10:00:00Z"


# -- the feeds --------------------------------------------------------------------------------
def source_name(s: int) -> str:
    return f"bench-s{s:02d}"


def build_source_feed(folder: Path, s: int, records: int, page_size: int, fmt: str) -> list[Path]:
    """Source ``s``'s pages ``s01-0001.xml`` …; each page's token names the next file."""
    from harvest import _dc_record, _rows, _vary

    from harvesters.testing.lom_builder import list_records_page, lom_record

    rows = _rows()
    pages = []
    count = (records + page_size - 1) // page_size
    for index in range(1, count + 1):
        start = (index - 1) * page_size
        recs = []
        for i in range(start, min(start + page_size, records)):
            row = _vary(rows[(i + s * 7919) % len(rows)], i)
            row = {**row, "URL": f"{row['URL']}&source={s}", "NAME": f"{row['NAME']} [s{s}]"}
            ident = f"oai:bench-s{s:02d}:{i}"
            recs.append(
                _dc_record(row, ident) if fmt == "oai_dc" else lom_record(row, ident, "2026-11-19")
            )
        token = f"s{s:02d}-{index + 1:04d}.xml" if index < count else ""
        path = folder / f"s{s:02d}-{index:04d}.xml"
        path.write_bytes(
            list_records_page(
                recs,
                response_date=RESPONSE_DATE,
                token=token,
                complete_list_size=records,
                cursor=start,
                prefix=fmt,
            )
        )
        pages.append(path)
    return pages


def serve(feeds: dict[int, list[Path]], fmt: str):
    """One replay server; source ``s`` answers at ``/s<s>/oai``."""
    from harvest import FORMATS, IDENTIFY

    from harvesters.testing.replay import ReplayServer, Reply

    server = ReplayServer(gzip_responses=False)
    server.add({"verb": "Identify"}, Reply(IDENTIFY.encode()))
    server.add({"verb": "ListMetadataFormats"}, Reply(FORMATS.encode()))
    for s, pages in feeds.items():
        path = f"/s{s:02d}/oai"
        server.add({"verb": "ListRecords", "metadataPrefix": fmt}, Reply(pages[0]), path=path)
        for page in pages[1:]:
            server.add({"verb": "ListRecords", "resumptionToken": page.name}, Reply(page), path)
    server.start()
    return server


# -- PostgreSQL: a migrated template, copied per worker count ----------------------------------
def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(base_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_with_db(base_url, "postgres"), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def _query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="oer_registry.settings.dev",
        DEBUG="0",  # as in production: no per-query log
        LOG_LEVEL="INFO",
        OER_SEARCH_INDEX_PREFIX=INDEX_PREFIX,
        OER_VAR_DIR=str(VAR_DIR),
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return env


def make_template(base_url: str, template: str) -> None:
    _admin(base_url, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    _admin(base_url, f'CREATE DATABASE "{template}"')
    env = child_env(_with_db(base_url, template))
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, cwd=ROOT, env=env)
    subprocess.run(
        [*manage, "licenses", "load"], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    # Loading the licences enqueued Wagtail's reference-index updates (one task per saved
    # object): run them here, once, so every copy starts with an empty queue.
    subprocess.run(
        [*manage, "task_worker", "--batch", "--no-startup-delay"],
        check=True,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def fresh_database(base_url: str, name: str, template: str) -> None:
    _admin(
        base_url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )


# -- children: Django against the bench database ----------------------------------------------
def _django():
    import django

    django.setup()


def child_setup(url: str, sources: int, fmt: str) -> dict:
    """The sources, due now; an empty search index."""
    _django()
    from harvesters.services import harvest_source_create
    from search.service import index_rebuild

    index_rebuild()
    for s in range(1, sources + 1):
        source = harvest_source_create(
            source_name(s), "oai-pmh", f"{url}/s{s:02d}/oai", metadata_format=fmt, every_hours=24
        )
        source.requests_per_second = 0  # the replay server is local: no politeness wait
        source.save(update_fields=["requests_per_second"])
    return {"sources": sources}


def child_report(sources: int, records: int) -> dict:
    """What the catalog holds after the workers stopped, per source, and what is wrong."""
    _django()
    from django.db.models import Count, Max, Min
    from django_tasks_db.models import DBTaskResult

    from catalog.materials.models import Material, MaterialSource
    from harvesters.models import HarvestRun, RawRecord, RunStatus
    from search.engines import get_engine
    from search.service import index_refresh, index_status

    problems, per_source = [], {}
    for s in range(1, sources + 1):
        name = source_name(s)
        runs = list(HarvestRun.objects.filter(source__name=name))
        links = MaterialSource.objects.filter(source_key=name)
        row = {
            "runs": len(runs),
            "succeeded": sum(r.status == RunStatus.SUCCEEDED for r in runs),
            "seen": sum(r.seen for r in runs),
            "created": sum(r.created for r in runs),
            "errors": sum(r.errors for r in runs),
            "records": links.count(),
            "materials": links.values("material").distinct().count(),
            "raw": RawRecord.objects.filter(source__name=name).count(),
            "pids": sorted({r.pid for r in runs}),
        }
        per_source[name] = row
        if row["runs"] != 1 or row["succeeded"] != 1:
            statuses = [(r.status, r.message[:200]) for r in runs]
            problems.append(f"{name}: {row['runs']} runs, {statuses}")
        for key in ("records", "materials", "raw", "seen", "created"):
            if row[key] != records:
                problems.append(f"{name}: {key} {row[key]}, expected {records}")
        if row["errors"]:
            problems.append(f"{name}: {row['errors']} record errors")
    total = Material.objects.count()
    if total != sources * records:
        problems.append(f"{total} materials in all, expected {sources * records}")
    twice = Material.objects.values("url").annotate(n=Count("id")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} URLs held by more than one material")
    index_refresh()
    indexed = index_status().get("documents")
    engine = get_engine()
    writes = None
    if engine.name == "elasticsearch":  # documents written, updates of one id included
        stats = engine.client.indices.stats(index=engine.alias, metric="indexing")
        writes = stats["_all"]["primaries"]["indexing"]["index_total"]
    if indexed != total:
        problems.append(f"{indexed} documents in the search index, {total} materials")
    harvest_tasks = DBTaskResult.objects.filter(task_path="harvesters.tasks.harvest_source_task")
    first = harvest_tasks.aggregate(first=Min("enqueued_at"))["first"]
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=first)  # not the template's
    last_task = tasks.aggregate(last=Max("finished_at"))["last"]
    last_run = HarvestRun.objects.aggregate(last=Max("finished_at"))["last"]
    left = tasks.filter(status__in=["READY", "RUNNING"])
    by_worker: dict[str, int] = {}
    for run in HarvestRun.objects.all():
        by_worker[str(run.pid)] = by_worker.get(str(run.pid), 0) + 1
    failed_tasks = [
        (t.task_path, t.exception_class_path, t.traceback[-800:]) for t in tasks.failed()
    ]
    if failed_tasks:
        problems.append(f"failed tasks: {failed_tasks}")
    return {
        "per_source": per_source,
        "materials": total,
        "indexed": indexed,
        "index_writes": writes,
        "records_seen": sum(r["seen"] for r in per_source.values()),
        "runs_finished": sum(r["runs"] for r in per_source.values()),
        "runs_succeeded": sum(r["succeeded"] for r in per_source.values()),
        "runs_by_worker_pid": by_worker,
        "tasks": {
            row["task_path"]: row["n"]
            for row in tasks.values("task_path").annotate(n=Count("id")).order_by("task_path")
        },
        "left_queued": {
            row["task_path"]: row["n"]
            for row in left.values("task_path").annotate(n=Count("id")).order_by("task_path")
        },
        "wall_seconds": (last_run - first).total_seconds() if first and last_run else None,
        "queue_wall_seconds": (last_task - first).total_seconds() if first and last_task else None,
        "problems": problems,
    }


def _child(env: dict, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if out.returncode:
        raise SystemExit(f"--child {args[0]} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- one worker count -------------------------------------------------------------------------
def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process, from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_workers(n: int, env: dict, logs: Path) -> list[tuple[subprocess.Popen, Path]]:
    workers = []
    for w in range(n):
        log = logs / f"worker-{w + 1}.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "task_worker",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                ],
                cwd=ROOT,
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        workers.append((proc, log))
    deadline = time.monotonic() + 180
    for proc, log in workers:  # idle and polling before anything is enqueued
        while "Starting worker" not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
    return workers


def stop_workers(workers, wait: float) -> None:
    """SIGTERM, then SIGKILL after ``wait`` seconds: a worker in the middle of a long
    follow-up task (an embeddings drain) finishes that task first; the bench database is
    dropped anyway."""
    for proc, _ in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc, _ in workers:
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_done(
    database_url: str, sources: int, workers, timeout: float, *, whole_queue: bool
) -> None:
    """Every harvest run in a final state; with ``whole_queue`` also no task ready or running
    (what the harvests left behind: embeddings drains, Wagtail's reference-index updates)."""
    deadline = time.monotonic() + timeout
    while True:
        finished = _query(
            database_url,
            "SELECT count(*) FROM harvesters_harvestrun WHERE status <> 'running'",
        )[0][0]
        busy = _query(
            database_url,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            "OR (status = 'READY' AND (run_after <= now() OR run_after > '9000-01-01'))",
        )[0][0]
        if finished >= sources and not (whole_queue and busy):
            return
        for proc, log in workers:
            if proc.poll() is not None:
                raise SystemExit(f"a worker exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise SystemExit(f"not done after {timeout:.0f} s: {finished} runs finished")
        time.sleep(0.25)


def run_workers(n: int, args, base_url: str, server_base: str, logs: Path) -> dict:
    database, template = args.database, f"{args.database}_tpl"
    url = _with_db(base_url, database)
    env = child_env(url)
    fresh_database(base_url, database, template)
    shutil.rmtree(VAR_DIR / "search", ignore_errors=True)
    _child(
        env, "setup", "--url", server_base, "--sources", str(args.sources), "--format", args.format
    )
    workers = start_workers(n, env, logs / f"w{n}")
    try:
        t0 = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "harvest_scheduler", "--once"],
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        wait_until_done(url, args.sources, workers, args.timeout, whole_queue=args.whole_queue)
        elapsed = time.monotonic() - t0
        cpu = sum(_cpu_seconds(proc.pid) for proc, _ in workers)
    finally:
        stop_workers(workers, wait=60 if args.whole_queue else 10)
    load = Path("/proc/loadavg").read_text().split()[0]
    report = _child(env, "report", "--sources", str(args.sources), "--records", str(args.records))
    wall = report["wall_seconds"] or elapsed
    queue_wall = report["queue_wall_seconds"] if args.whole_queue else None
    return {
        "workers": n,
        **{k: v for k, v in report.items() if k != "per_source"},
        "wall_seconds": round(wall, 1),
        "queue_wall_seconds": round(queue_wall, 1) if queue_wall else None,
        "elapsed_with_scheduler_start": round(elapsed, 1),
        "records_per_s": round(report["records_seen"] / wall),
        "worker_cpu_seconds": round(cpu, 1),
        "load_1min_at_end": float(load),
        "per_source": report["per_source"],
    }


def summary_line(r: dict, base: dict | None, sources: int) -> str:
    speedup = base["wall_seconds"] / r["wall_seconds"] if base else 1.0
    spread = "+".join(str(v) for v in sorted(r["runs_by_worker_pid"].values(), reverse=True))
    check = "ok" if not r["problems"] else f"{len(r['problems'])} PROBLEMS"
    queue = (
        f", whole queue {r['queue_wall_seconds']:.1f} s"
        if r["queue_wall_seconds"]
        else f", left queued {sum(r['left_queued'].values())}"
    )
    if r.get("index_writes"):
        queue += f", {r['index_writes'] / max(r['materials'], 1):.1f} index writes per material"
    return (
        f"workers {r['workers']}: {r['records_per_s']:>6} rec/s, wall {r['wall_seconds']:>7.1f} s, "
        f"runs {r['runs_succeeded']}/{sources} succeeded (per worker {spread}), "
        f"speed-up {speedup:.2f}x vs 1, worker CPU {r['worker_cpu_seconds']:.0f} s, "
        f"load {r['load_1min_at_end']:.1f}, counts {check}{queue}"
    )


def run(args) -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            'the many-sources scenario runs on PostgreSQL: eval "$(scripts/services.sh env)" first'
        )
    counts = [int(n) for n in args.workers.split(",")]
    engine = "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "fts5"
    print(
        f"{args.sources} sources x {args.records} {args.format} records, workers {counts}, "
        f"PostgreSQL database {args.database}, search engine {engine}, {os.cpu_count()} CPUs",
        flush=True,
    )
    t0 = time.perf_counter()
    template = f"{args.database}_tpl"
    exists = _query(
        _with_db(base_url, "postgres"),
        f"SELECT 1 FROM pg_database WHERE datname = '{template}'",  # our own constant name
    )
    if args.reuse_template and exists:
        print(f"template {template} reused", flush=True)
    else:
        make_template(base_url, template)
        print(f"template migrated in {time.perf_counter() - t0:.0f} s", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="oai-bench-workers-") as tmp:
        folder, logs = Path(tmp) / "feeds", Path(tmp) / "logs"
        folder.mkdir()
        t0 = time.perf_counter()
        feeds = {
            s: build_source_feed(folder, s, args.records, args.page_size, args.format)
            for s in range(1, args.sources + 1)
        }
        size = sum(p.stat().st_size for pages in feeds.values() for p in pages)
        print(
            f"feeds: {sum(map(len, feeds.values()))} pages, {size / 1e6:.0f} MB "
            f"(built in {time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        server = serve(feeds, args.format)
        try:
            for n in counts:
                (logs / f"w{n}").mkdir(parents=True)
                result = run_workers(n, args, base_url, server.base(), logs)
                results.append(result)
                base = results[0] if results[0]["workers"] == 1 else None
                print(summary_line(result, base, args.sources), flush=True)
                for problem in result["problems"][:20]:
                    print(f"  problem: {problem}", flush=True)
                if args.json:
                    print(json.dumps({k: v for k, v in result.items() if k != "per_source"}))
        finally:
            server.stop()
    if not args.keep:
        _admin(
            base_url,
            f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{args.database}_tpl" WITH (FORCE)',
        )
        env = child_env(_with_db(base_url, "postgres"))
        subprocess.run(
            [sys.executable, __file__, "--child", "drop-index"], cwd=ROOT, env=env, check=False
        )
    bad = [r for r in results if r["problems"]]
    print(
        "check: every source has one succeeded run and exactly its records, no material twice, "
        "all indexed"
        if not bad
        else f"check FAILED for workers {[r['workers'] for r in bad]}"
    )
    return 1 if bad else 0


def add_arguments(parser, *, standalone: bool = True) -> None:
    """This scenario's options; ``standalone=False`` leaves out those bench/harvest.py has
    already (--records, --page-size) and makes --sources opt-in (0: the single-feed run)."""
    parser.add_argument(
        "--sources",
        type=int,
        default=20 if standalone else 0,
        help="sources (20)" if standalone else "run this scenario with N sources",
    )
    if standalone:
        parser.add_argument("--records", type=int, default=5000, help="records per source")
        parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4", help="worker counts, one run each")
    parser.add_argument("--format", default="oai_dc", choices=["oai_dc", "lom"])
    parser.add_argument("--database", default="oer_bench_workers")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per worker count")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases and index")
    parser.add_argument(
        "--reuse-template",
        action="store_true",
        help="use the migrated template a --keep run left (skips about a minute of migrate)",
    )
    parser.add_argument("--json", action="store_true", help="also print each result as JSON")
    parser.add_argument(
        "--whole-queue",
        action="store_true",
        help="also wait for what the harvests enqueued (embeddings, reference index)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    add_arguments(parser)
    parser.add_argument("--child")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child == "setup":
        print(json.dumps(child_setup(args.url, args.sources, args.format)))
    elif args.child == "report":
        print(json.dumps(child_report(args.sources, args.records)))
    elif args.child == "drop-index":
        _django()
        from search.engines import get_engine

        get_engine().drop()
    else:
        raise SystemExit(run(args))


if __name__ == "__main__":
    main()
