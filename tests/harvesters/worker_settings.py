"""Settings of the task-worker subprocesses that tests start: the test settings, pointed at
the database the test process set up (``OER_TEST_DATABASE_NAME``: a SQLite file or a
PostgreSQL database), with the database task backend the production worker uses."""

import os

from oer_registry.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["OER_TEST_DATABASE_NAME"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
