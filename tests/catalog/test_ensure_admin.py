"""ensure_admin: the first administrator's password is shown on every bootstrap and kept in a
file only its owner can read, until someone changes it; --reset issues a new one."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def _run(password_file, *args) -> str:
    out = io.StringIO()
    call_command("ensure_admin", *args, password_file=str(password_file), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_admin_and_writes_its_password_to_a_private_file(tmp_path):
    password_file = tmp_path / "admin-password.txt"
    output = _run(password_file)
    password = password_file.read_text().strip()
    assert password_file.stat().st_mode & 0o777 == 0o600
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert admin.groups.filter(name="Administrators").exists()
    assert password in output


@pytest.mark.django_db
def test_a_later_run_shows_the_same_password_again(tmp_path):
    password_file = tmp_path / "admin-password.txt"
    _run(password_file)
    password = password_file.read_text().strip()
    again = _run(password_file)
    assert password in again
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_a_changed_password_is_not_shown_and_the_stale_file_goes(tmp_path):
    password_file = tmp_path / "admin-password.txt"
    _run(password_file)
    old = password_file.read_text().strip()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("a-password-the-owner-chose")
    admin.save()
    output = _run(password_file)
    assert old not in output
    assert "changepassword admin" in output and "--reset" in output
    assert not password_file.exists()


@pytest.mark.django_db
def test_reset_issues_a_new_password(tmp_path):
    password_file = tmp_path / "admin-password.txt"
    _run(password_file)
    old = password_file.read_text().strip()
    output = _run(password_file, "--reset")
    new = password_file.read_text().strip()
    assert new != old and new in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(new) and not admin.check_password(old)
    assert password_file.stat().st_mode & 0o777 == 0o600
