"""The task worker ends with a non-zero status when its loop fails, so a supervisor restarts it.

django-tasks-db's ``db_worker`` runs its loop in a thread under Django's autoreloader when
DEBUG is on (the dev settings the Procfile uses): a failing loop then kills the thread and the
process lingers, polling nothing. The loop here fails for real: the database it points at has
no task table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _worker(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="oer_registry.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'no-tables.sqlite3'}",
        OER_VAR_DIR=str(tmp_path),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_worker_whose_loop_fails_exits_non_zero(tmp_path):
    result = _worker(tmp_path, "task_worker", "--interval", "0", "--no-startup-delay")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "task worker loop failed" in result.stderr
    assert "no such table" in result.stderr


def test_the_procfile_runs_this_worker():
    lines = (ROOT / "Procfile").read_text().splitlines()
    worker = next(line for line in lines if line.startswith("worker:"))
    assert "manage.py task_worker" in worker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_with_nothing_to_do_in_batch_mode_exits_cleanly(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("task_worker", "--batch", "--no-startup-delay")  # returns: no SystemExit
