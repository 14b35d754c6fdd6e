"""manage.py harvest_scheduler: enqueue a background task per due source, continuously
(``make run`` starts it; ``manage.py task_worker`` runs the tasks). Each tick also finds runs
whose worker died (stale) and enqueues them again, to resume from their checkpoint."""

import signal
import time

from django.core.management.base import BaseCommand

from harvesters.services.due import harvest_enqueue_due, harvest_recover_stale_runs


class Command(BaseCommand):
    help = "Enqueue every due harvest source, then sleep, forever (Ctrl-C to stop)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="one check, then exit")

    def handle(self, *args, **options):
        stopping = {"now": False}

        def stop(*_):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        while True:
            for run in harvest_recover_stale_runs():
                self.stdout.write(f"{run.source.name}: run {run.pk} was stale; enqueued again")
            for source in harvest_enqueue_due():
                self.stdout.write(f"{source.name}: enqueued")
            if options["once"] or stopping["now"]:
                return
            slept = 0.0
            while slept < options["interval"] and not stopping["now"]:
                time.sleep(1.0)
                slept += 1.0
            if stopping["now"]:
                return
