"""Read configuration from environment variables, failing loudly on malformed values.

Every integration is switched on by an environment variable documented in the README.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            f"Environment variable {name} is required in this configuration; "
            f"see the README's 'Configuration' section."
        )
    return default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no).")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


# Seconds a SQLite writer waits for another's write transaction before "database is locked".
# Write transactions are kept short (harvest chunks, request saves), so this covers them.
SQLITE_BUSY_TIMEOUT = 20


def sqlite_options() -> dict:
    """The OPTIONS every SQLite database gets, embedded default or ``DATABASE_URL=sqlite:///``.

    WAL lets the web server, the task worker and the harvest scheduler read while one of them
    writes; IMMEDIATE transactions take the write lock at ``BEGIN`` so a writer waits its turn
    (the busy timeout) instead of failing when it upgrades a read; synchronous=NORMAL is
    durable in WAL mode except on power loss.
    """
    return {
        "timeout": env_int("OER_SQLITE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY"
        ),
    }


def database_from_env(default_sqlite_path: str) -> dict:
    """``DATABASE_URL`` (postgres://… or sqlite:///…) or the embedded SQLite file."""
    import dj_database_url

    url = env_str("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            "OPTIONS": sqlite_options(),
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL scheme is not supported: {url.split(':', 1)[0]}")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**sqlite_options(), **config.get("OPTIONS", {})}
    return config


def elasticsearch_url_from_env() -> str | None:
    url = env_str("ELASTICSEARCH_URL")
    if url and not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"ELASTICSEARCH_URL={url!r} must start with http:// or https://")
    return url
