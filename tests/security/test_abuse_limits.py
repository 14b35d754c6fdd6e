"""Abuse limits: sign-in throttling on both login pages, and the public comment form's rate
limit and input checks (control characters, e-mail, entry id)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from catalog.lists.models import PublicComment
from catalog.lists.services.entries import entry_nominate
from tests.catalog.lists.conftest import curator, list_page, materials, roles  # noqa: F401

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-pass-42"
LOGINS = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def people(db):
    make = get_user_model().objects.create_superuser  # may use both the site and the admin
    return make("olga", "olga@example.org", PASSWORD), make("pavel", "pavel@example.org", PASSWORD)


def _sign_in(client, url, username, password, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGINS)
def test_five_wrong_passwords_lock_that_username_from_that_address(client, people, url):
    for _ in range(4):
        assert _sign_in(client, url, "olga", "wrong").status_code == 200
    assert _sign_in(client, url, "olga", "wrong").status_code == 429
    response = _sign_in(client, url, "olga", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page and "15 minutes" in page
    assert 'class="site-header"' in page  # the site's own page, not a bare message
    assert not _signed_in(client)


@pytest.mark.parametrize("url", LOGINS)
def test_a_lockout_holds_neither_another_address_nor_another_user(client, people, url):
    for _ in range(5):
        _sign_in(client, url, "olga", "wrong")
    assert _sign_in(client, url, "pavel", PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, url, "olga", PASSWORD, ip="198.51.100.9").status_code == 302


def test_axes_reset_unlocks(client, people):
    for _ in range(5):
        _sign_in(client, "/accounts/login/", "olga", "wrong")
    assert _sign_in(client, "/accounts/login/", "olga", PASSWORD).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert _sign_in(client, "/accounts/login/", "olga", PASSWORD).status_code == 302


# Public comments -------------------------------------------------------------------------


@pytest.fixture
def entry(curator, list_page, materials):  # noqa: F811
    now = timezone.now()
    list_page.comments_open = now - dt.timedelta(days=1)
    list_page.comments_close = now + dt.timedelta(days=13)
    list_page.save()
    return entry_nominate(curator, list_page, materials["by"])


def _comment(client, target, ip="203.0.113.7", **fields):
    data = {"entry": target.pk, "name": "A parent", "email": "p@example.org", "body": "Useful"}
    data.update(fields)
    return client.post(f"{target.list_page.url}comments/", data, REMOTE_ADDR=ip)


def test_comments_are_rate_limited_per_address(client, entry):
    for n in range(5):
        assert _comment(client, entry, body=f"Comment {n}").status_code == 302
    response = _comment(client, entry, body="One too many")
    assert response.status_code == 429
    assert "Too many comments from your address" in response.content.decode()
    assert PublicComment.objects.count() == 5
    assert _comment(client, entry, ip="198.51.100.9").status_code == 302
    stored = PublicComment.objects.values_list("ip_hash", flat=True)
    assert all(h and "203.0.113.7" not in h for h in stored)  # only a keyed hash is kept


@pytest.mark.parametrize(
    "field, value",
    [
        ("body", "Good\x00bad"),
        ("body", "Ring\x07the bell"),
        ("body", "Escape \x1b[31m red"),
        ("body", "C1 \x85 next line"),
        ("name", "A\nparent"),
        ("name", "A\x00parent"),
        ("email", "p\x0b@example.org"),
    ],
)
def test_control_characters_are_refused_with_a_form_error(client, entry, field, value):
    response = _comment(client, entry, **{field: value})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_line_breaks_and_tabs_are_fine_in_the_body(client, entry):
    assert _comment(client, entry, body="First line\r\nsecond\tline").status_code == 302
    assert PublicComment.objects.get().body == "First line\r\nsecond\tline"


def test_an_invalid_email_is_refused(client, entry):
    response = _comment(client, entry, email="not an address")
    assert response.status_code == 400
    assert "valid email" in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.parametrize("value", ["abc", "999999", "", "1.5"])
def test_a_bad_entry_id_is_a_400_not_a_500(client, entry, value):
    response = _comment(client, entry, entry=value)
    assert response.status_code == 400
    assert "Choose a material under review" in response.content.decode()
    assert not PublicComment.objects.exists()
