"""``manage.py check_links``: check every approved material's URL, politely (here, or with
``--background`` on the task worker)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from catalog.lists.services.links import approved_links_check
from catalog.lists.tasks import check_links_task


class Command(BaseCommand):
    help = "Check the URLs of approved materials (HEAD, then GET); flag broken ones for re-review."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument(
            "--per-host-interval", type=float, default=1.0, help="Seconds between hits on a host"
        )
        parser.add_argument("--timeout", type=float, default=10.0)
        parser.add_argument(
            "--background", action="store_true", help="Queue the check for the task worker"
        )

    def handle(self, *args, concurrency, per_host_interval, timeout, background, **options):
        if background:
            result = check_links_task.enqueue(concurrency, per_host_interval, timeout)
            self.stdout.write(f"link check queued for the task worker (task {result.id})")
            return
        report = approved_links_check(
            concurrency=concurrency, per_host_interval=per_host_interval, timeout=timeout
        )
        for row in report.broken:
            self.stdout.write(f"BROKEN {row.url}: {row.status_code or row.error}")
        ok = report.checked - len(report.broken)
        self.stdout.write(
            f"checked {report.checked} links: {ok} ok, "
            f"{len(report.broken)} broken, {report.redirected} redirected"
        )
