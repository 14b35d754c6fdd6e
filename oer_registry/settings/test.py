"""Test settings: the same stack as dev, with fast hashing and isolated search index names."""

import os

from .base import *  # noqa: F403
from .base import OER_SEARCH

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - the test settings only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
OER_SEARCH = {**OER_SEARCH, "INDEX_PREFIX": f"oertest{os.getpid()}", "INDEX_ON_CHANGE": False}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run without collectstatic: WhiteNoise looks files up per request instead of scanning a
# STATIC_ROOT that may not exist (the live server serves static files from the finders).
WHITENOISE_AUTOREFRESH = True

# A file-based SQLite test database (not :memory:): live-server tests then use their own
# connections instead of sharing one across threads, and serialized rollback keeps working.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
else:  # PostgreSQL: one test database per process too, so two test runs can share a server
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }
