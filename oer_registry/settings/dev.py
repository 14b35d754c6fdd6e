"""Laptop settings: embedded SQLite and FTS5 unless DATABASE_URL / ELASTICSEARCH_URL are set."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

# DEBUG=0 turns it off (the harvest benchmark does: Django keeps a log of every query in DEBUG).
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
