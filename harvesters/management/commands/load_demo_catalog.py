from django.core.management.base import BaseCommand

from harvesters.demo import demo_catalog_load


class Command(BaseCommand):
    help = (
        "Load the demo catalog: OER Commons, PhET, NSDL and OpenStax records, each through "
        "its real harvester type, with their harvested alignments."
    )

    def handle(self, *args, **options):
        results = demo_catalog_load(progress=options["verbosity"] > 0)
        for key, (counts, message) in results.items():
            summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if v)
            note = "; ".join(line for line in message.splitlines() if line)
            self.stdout.write(
                f"{key}: {summary or 'nothing harvested'}" + (f" ({note})" if note else "")
            )
