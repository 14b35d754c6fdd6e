"""manage.py harvest [--json] [--dry-run] [--full] NAME | --background NAME | --due |
--abort NAME | --renormalize NAME | --confirm-shrink NAME"""

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from harvesters.errors import SourceBusy
from harvesters.models import HarvestSource
from harvesters.selectors import run_summary
from harvesters.services.due import harvest_run_due
from harvesters.services.runs import harvest_abort, harvest_renormalize, harvest_source_run
from harvesters.services.sources import harvest_confirm_shrink
from harvesters.tasks import harvest_source_task


class Command(BaseCommand):
    help = "Harvest a source (or every due source); abort or renormalize one."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--json", action="store_true", help="print the run summary as JSON")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--full", action="store_true", help="ignore the previous run's date")
        parser.add_argument(
            "--due", action="store_true", help="run every due source here, one after another"
        )
        parser.add_argument("--abort", action="store_true", help="stop NAME's running harvest")
        parser.add_argument(
            "--background", action="store_true", help="queue NAME's harvest for the task worker"
        )
        parser.add_argument(
            "--renormalize", action="store_true", help="rebuild NAME from stored raw records"
        )
        parser.add_argument(
            "--confirm-shrink",
            action="store_true",
            help="let NAME's next complete run withdraw what it no longer lists",
        )

    def _source(self, name):
        if not name:
            raise CommandError("name a source (manage.py harvest_source list)")
        try:
            return HarvestSource.objects.get(name=name)
        except HarvestSource.DoesNotExist:
            raise CommandError(f"no harvest source {name!r}") from None

    def handle(self, *args, **options):
        if options["confirm_shrink"]:
            source = self._source(options["name"])
            if not harvest_confirm_shrink(source, by="manage.py harvest --confirm-shrink"):
                raise CommandError(f"{source.name} has no held withdrawals to confirm")
            self.stdout.write(f"{source.name}: the next complete run may withdraw")
            return
        if options["background"]:
            source = self._source(options["name"])
            result = harvest_source_task.enqueue(source.pk)
            self.stdout.write(f"{source.name}: harvest queued (task {result.id})")
            return
        show_bar = not options["json"] and options["verbosity"] > 0
        bar = tqdm(unit="rec", desc="harvest", disable=not show_bar, file=self.stderr._out)

        def progress(run, n):
            bar.update(n)
            bar.set_postfix(created=run.created, updated=run.updated, errors=run.errors)

        try:
            if options["due"]:
                runs = harvest_run_due(progress=progress)
            elif options["abort"]:
                run = harvest_abort(self._source(options["name"]))
                runs = [run] if run else []
                if not run:
                    self.stdout.write("no running harvest")
            elif options["renormalize"]:
                runs = [harvest_renormalize(self._source(options["name"]), progress=progress)]
            else:
                runs = [
                    harvest_source_run(
                        self._source(options["name"]),
                        full=options["full"],
                        dry_run=options["dry_run"],
                        progress=progress,
                    )
                ]
        except SourceBusy as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        summaries = [run_summary(run, dry_run=options["dry_run"]) for run in runs]
        if options["json"]:
            if options["due"]:
                self.stdout.write(json.dumps(summaries, indent=2))
            else:
                self.stdout.write(json.dumps(summaries[0] if summaries else None, indent=2))
            return
        for s in summaries:
            prefix = "would have: " if options["dry_run"] else ""
            counts = ", ".join(
                f"{k} {s[k]}"
                for k in ("seen", "created", "updated", "unchanged", "withdrawn", "errors")
            )
            self.stdout.write(f"{s['source']}: {s['status']} — {prefix}{counts}")
            if s["message"]:
                self.stdout.write(f"  {s['message']}")
        if not options["abort"] and any(s["status"] == "failed" for s in summaries):
            raise CommandError("a harvest failed")
