"""manage.py harvest_source add NAME --type TYPE --url URL [--format F] [--set S]
                          [--every HOURS | --cron "0 3 * * *"]
manage.py harvest_source list"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from harvesters.models import HarvestSource
from harvesters.services.sources import harvest_source_create
from harvesters.sources import source_types


class Command(BaseCommand):
    help = "Add or list harvest sources."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a source")
        add.add_argument("name")
        add.add_argument("--type", required=True, choices=source_types())
        add.add_argument("--url", required=True, help="endpoint URL or, for csv, a file path")
        add.add_argument("--format", default="", help="OAI metadataPrefix / mapping name")
        add.add_argument("--set", default="", dest="set_spec")
        when = add.add_mutually_exclusive_group()
        when.add_argument("--every", type=float, default=None, help="run every N hours")
        when.add_argument("--cron", default="", help="or at the times of a cron expression (UTC)")
        add.add_argument("--priority", type=int, default=0)
        sub.add_parser("list", help="list sources")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for s in HarvestSource.objects.all():
                due = f"{s.next_run_at:%Y-%m-%d %H:%M}" if s.next_run_at else "-"
                self.stdout.write(f"{s.name}\t{s.type}\t{s.base_url}\t{s.metadata_format}\t{due}")
            return
        try:
            source = harvest_source_create(
                options["name"],
                options["type"],
                options["url"],
                metadata_format=options["format"],
                set_spec=options["set_spec"],
                every_hours=options["every"],
                cron=options["cron"],
                priority=options["priority"],
            )
        except (ValidationError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"added {source.name} ({source.type} {source.base_url})")
