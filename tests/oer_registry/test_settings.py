"""Production settings refuse to start without what a public site needs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def _check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "oer_registry.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY is required"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "example.org"}, "at least 50 characters"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS is required"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "DATABASE_URL": "nonsense://x"},
            "DATABASE_URL",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "ELASTICSEARCH_URL": "localhost:9200"},
            "ELASTICSEARCH_URL",
        ),
    ],
)
def test_production_refuses_missing_or_malformed_configuration(overrides, message):
    result = _check(overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_deploy_check_is_clean_when_configured():
    result = _check({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "oer.example.org"})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
