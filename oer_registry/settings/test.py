"""Test settings: the same stack as dev, with fast hashing and isolated search index names."""

import os

from .base import *  # noqa: F403
from .base import OER_SEARCH

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
OER_SEARCH = {**OER_SEARCH, "INDEX_PREFIX": f"oertest{os.getpid()}", "INDEX_ON_CHANGE": False}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
