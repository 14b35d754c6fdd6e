import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from catalog.pages.roles import ADMINISTRATORS


class Command(BaseCommand):
    help = "Create the first administrator (username 'admin') and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An administrator already exists; its password was printed when it was created. "
                f"Reset it with: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username, f"{username}@localhost", password)
        user.groups.add(Group.objects.get(name=ADMINISTRATORS))
        bar = "=" * 64
        self.stdout.write(
            f"\n{bar}\nAdministrator created: username '{username}', password '{password}'\n"
            f"It is shown this once. Sign in at http://127.0.0.1:8000/admin/\n{bar}\n"
        )
