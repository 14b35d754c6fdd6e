from django.core.management.base import BaseCommand

from harvesters.demo import demo_catalog_load


class Command(BaseCommand):
    help = "Load the demo catalog of real OER Commons records shipped with the project."

    def handle(self, *args, **options):
        counts = demo_catalog_load(progress=options["verbosity"] > 0)
        self.stdout.write(
            "demo catalog: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        )
