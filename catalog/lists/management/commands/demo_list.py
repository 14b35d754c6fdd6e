from django.core.management.base import BaseCommand

from catalog.lists.demo import demo_list_publish


class Command(BaseCommand):
    help = (
        "Publish the demo approved list (middle school science simulations from the demo "
        "catalog's PhET records) through the list services; safe to run again."
    )

    def handle(self, *args, **options):
        result = demo_list_publish()
        published = result["published_version"]
        self.stdout.write(
            f"{result['list']}: {result['approved']} newly approved of "
            f"{result['materials']} materials; "
            + (f"published version {published}" if published else "no new version")
            + f" (latest {result['latest_version']}, {result['url']})"
        )
