"""Create the first administrator and show its sign-in details at the end of every bootstrap.

The generated password is also kept in ``var/admin-password.txt`` (mode 600), so it is not lost
in the server's log lines; once someone changes it, the file is removed and never shown again.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from catalog.pages.roles import ADMINISTRATORS


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT
    with os.fdopen(fd, "w") as out:
        out.write(text + "\n")


class Command(BaseCommand):
    help = (
        "Create the first administrator (username 'admin') with a random password kept in "
        "var/admin-password.txt, and show it; --reset issues a new password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--reset", action="store_true", help="give the user a new password")
        parser.add_argument(
            "--password-file",
            default=None,
            help="where the generated password is kept (default: var/admin-password.txt)",
        )

    def handle(self, *args, username, reset, password_file, **options):
        path = Path(password_file or Path(settings.VAR_DIR) / "admin-password.txt")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if reset or not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(username, f"{username}@localhost", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=ADMINISTRATORS))
            _write_private(path, password)
            self._show(username, password, path)
            return
        kept = path.read_text().strip() if path.is_file() else ""
        if kept and user is not None and user.check_password(kept):
            self._show(username, kept, path)
            return
        path.unlink(missing_ok=True)  # stale: the password was changed since it was written
        self.stdout.write(
            "An administrator already exists and its password has been changed. Reset it with: "
            f".venv/bin/python manage.py changepassword {username} "
            f"(or manage.py ensure_admin --reset --username {username})"
        )

    def _show(self, username: str, password: str, path: Path) -> None:
        bar = "=" * 72
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(
            f"\n{bar}\n  Sign in at {admin_url}\n"
            f"  username: {username}\n  password: {password}\n"
            f"  (kept in {path} until you change it: manage.py changepassword {username})\n"
            f"{bar}\n"
        )
