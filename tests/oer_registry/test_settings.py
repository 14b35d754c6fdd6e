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
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "EMAIL_HOST",
            "OER_EMAIL_DISABLED",
        }
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
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "oer.example.org"}, "EMAIL_HOST is required"),
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
    result = _check(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "oer.example.org",
            "EMAIL_HOST": "smtp.example.org",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _setting(name: str, env_overrides: dict) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_HOST", "OER_EMAIL_DISABLED"}}
    env.update({"DJANGO_SETTINGS_MODULE": "oer_registry.settings.production", **env_overrides})
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_without_mail_must_say_so_and_then_sends_none():
    configured = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "oer.example.org"}
    backend = _setting("EMAIL_BACKEND", {**configured, "OER_EMAIL_DISABLED": "true"})
    assert backend == "django.core.mail.backends.dummy.EmailBackend"
    backend = _setting("EMAIL_BACKEND", {**configured, "EMAIL_HOST": "smtp.example.org"})
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("url", ["sqlite:///tmp/x.sqlite3", "sqlite:////var/lib/oer/db.sqlite3"])
def test_sqlite_database_url_gets_the_embedded_sqlite_options(monkeypatch, url):
    from oer_registry.settings.env import database_from_env

    monkeypatch.setenv("DATABASE_URL", url)
    options = database_from_env("/unused.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]
    monkeypatch.delenv("DATABASE_URL")
    assert database_from_env("/embedded.sqlite3")["OPTIONS"] == options


def test_postgres_database_url_gets_no_sqlite_options(monkeypatch):
    from oer_registry.settings.env import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example.org:5432/oer")
    config = database_from_env("/unused.sqlite3")
    assert "transaction_mode" not in config.get("OPTIONS", {})
