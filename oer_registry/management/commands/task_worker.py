"""manage.py task_worker: django-tasks-db's ``db_worker`` that dies loudly and stops gracefully.

``db_worker`` runs its loop in a thread under Django's autoreloader whenever DEBUG is on; if
the loop raises (a database error outside a task, say) the thread dies and the process stays
up, polling nothing, so no supervisor notices. Here the loop always runs in the main thread
(no autoreload) and any failure of it ends the process with status 1, for the supervisor (or
honcho under ``make run``) to restart or report. Failures inside a task are not loop failures:
the worker records them on the task's result and goes on. Options are ``db_worker``'s.

On SIGTERM (or SIGINT) mid-task, ``db_worker`` alone would wait for the whole task, however
long a harvest takes. Here the signal also asks a running harvest to stop
(``catalog.worker_stop.request_stop``): it commits the records it holds, ends
"interrupted" with its checkpoint and is enqueued again for the next worker; an index drain
stops between batches (the rest stays queued). The worker then exits. A second signal ends
the process at once, as in ``db_worker``.
"""

from __future__ import annotations

import logging

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from catalog.worker_stop import clear_stop, request_stop

log = logging.getLogger(__name__)


class GracefulWorker(Worker):
    """``db_worker``'s loop; its first stop signal during a task also asks a running harvest
    to stop at its next tick (within about a second), instead of waiting for its end."""

    def shutdown(self, signum, frame) -> None:
        if self.running and self.running_task:
            request_stop()
        super().shutdown(signum, frame)


class Command(DbWorkerCommand):
    help = "Run the background task worker; exit non-zero if its loop fails."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        if options.get("reload"):
            log.warning("task_worker ignores --reload: the loop runs in the main thread")
        self.configure_logging(options["verbosity"])
        queues = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = GracefulWorker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        clear_stop()
        worker.configure_signals()
        try:
            worker.run()
        except Exception:
            log.exception("task worker loop failed; exiting with status 1")
            raise SystemExit(1) from None
        finally:
            worker.reset_signals()
            clear_stop()
