"""Real task workers for tests: ``manage.py task_worker`` subprocesses on the test database,
and OAI-PMH feeds on the replay server for them to harvest.

Tests that use them need ``django_db(transaction=True, serialized_rollback=True)`` (the
workers see only committed rows) and the database task backend in the test process too
(tasks the test enqueues land in the database the workers read).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from harvesters.testing.lom_builder import list_records_page, lom_record
from harvesters.testing.replay import ReplayServer, Reply

ROOT = Path(__file__).resolve().parents[2]
LOM_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lom"
DEMO_CSV = ROOT / "harvesters" / "fixtures" / "oer_commons_demo.csv"
WAIT = 60.0  # the most a worker may take to reach a state (a machine under load is slow)


def _rows() -> list[dict]:
    with DEMO_CSV.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter=";") if r["NAME"].strip()]


def serve_feed(server: ReplayServer, name: str, *, pages: int, per_page: int) -> list[str]:
    """A LOM feed of ``pages`` pages on ``server``, every record distinct (``oai:<name>:<n>``).
    Returns the resumption tokens, the one asking for page 2 first."""
    server.add({"verb": "Identify"}, Reply(LOM_FIXTURES / "Identify.xml"))
    server.add({"verb": "ListMetadataFormats"}, Reply(LOM_FIXTURES / "ListMetadataFormats.xml"))
    rows = _rows()
    tokens = [f"{name}-page-{n}" for n in range(2, pages + 1)]
    params = {"verb": "ListRecords", "metadataPrefix": "lom"}
    for page in range(pages):
        records = []
        for i in range(page * per_page, (page + 1) * per_page):
            row = rows[i % len(rows)]
            row = {**row, "URL": f"{row['URL']}?{name}={i}", "NAME": f"{row['NAME']} ({name} {i})"}
            records.append(lom_record(row, f"oai:{name}:{i}", "2026-11-19"))
        token = tokens[page] if page < len(tokens) else None
        body = list_records_page(
            records,
            response_date="2026-11-20T10:00:00Z",
            token=token,
            complete_list_size=pages * per_page,
            cursor=page * per_page,
        )
        server.add(params, Reply(body))
        if token:
            params = {"verb": "ListRecords", "resumptionToken": token}
    return tokens


def start_worker(log_dir: Path, label: str, *args: str) -> subprocess.Popen:
    """``manage.py task_worker`` on the test database; its output goes to ``<label>.log``."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.harvesters.worker_settings",
        OER_TEST_DATABASE_NAME=str(connection.settings_dict["NAME"]),
    )
    log = (log_dir / f"{label}.log").open("w")
    command = [sys.executable, "manage.py", "task_worker", "--interval", "0.1"]
    return subprocess.Popen(
        [*command, "--no-startup-delay", "-v", "2", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def worker_log(log_dir: Path, label: str) -> str:
    return (log_dir / f"{label}.log").read_text(errors="replace")


def wait_for(condition, what: str, timeout: float = WAIT):
    """Poll ``condition`` until it returns something true; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {timeout:g} s")
        time.sleep(0.05)


def finish(process: subprocess.Popen, log_dir: Path, label: str, timeout: float = WAIT) -> int:
    """The worker's exit status once it has ended (killed, and the test failed, if it hangs)."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"worker {label} did not exit:\n{worker_log(log_dir, label)}")
