"""manage.py task_worker: django-tasks-db's ``db_worker`` that dies loudly.

``db_worker`` runs its loop in a thread under Django's autoreloader whenever DEBUG is on; if
the loop raises (a database error outside a task, say) the thread dies and the process stays
up, polling nothing, so no supervisor notices. Here the loop always runs in the main thread
(no autoreload) and any failure of it ends the process with status 1, for the supervisor (or
honcho under ``make run``) to restart or report. Failures inside a task are not loop failures:
the worker records them on the task's result and goes on. Options are ``db_worker``'s.
"""

from __future__ import annotations

import logging

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

log = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = "Run the background task worker; exit non-zero if its loop fails."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        if options.get("reload"):
            log.warning("task_worker ignores --reload: the loop runs in the main thread")
        options["reload"] = False
        try:
            super().handle(*args, **options)
        except Exception:
            log.exception("task worker loop failed; exiting with status 1")
            raise SystemExit(1) from None
