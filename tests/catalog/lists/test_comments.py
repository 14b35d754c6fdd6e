"""The optional public comment window on pending entries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.lists.errors import ListsError
from catalog.lists.models import PublicComment
from catalog.lists.services.comments import comment_submit
from catalog.lists.services.entries import entry_nominate

from .flow import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(list_page):
    now = timezone.now()
    list_page.comments_open = now - dt.timedelta(days=1)
    list_page.comments_close = now + dt.timedelta(days=13)
    list_page.save()
    return list_page


def test_anyone_comments_on_pending_entries_inside_the_window(client, curator, window, materials):
    entry = entry_nominate(curator, window, materials["by"])
    url = f"{window.url}comments/"
    page = client.get(url).content.decode()
    assert materials["by"].title in page and "Send comment" in page
    response = client.post(
        url, {"entry": entry.pk, "name": "A parent", "email": "p@example.org", "body": "Great"}
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get()
    assert (comment.entry, comment.name, comment.body) == (entry, "A parent", "Great")
    assert "Great" in client.get(url).content.decode()
    assert "p@example.org" not in client.get(url).content.decode()
    client.force_login(curator)
    admin = client.get(reverse("lists_admin:entry", args=[entry.pk])).content.decode()
    assert "p@example.org" in admin and "Great" in admin


def test_comments_outside_the_window_are_refused(curator, list_page, materials):
    entry = entry_nominate(curator, list_page, materials["by"])
    with pytest.raises(ListsError, match="closed"):  # no window set
        comment_submit(entry, name="X", body="Y")
    list_page.comments_open = timezone.now() - dt.timedelta(days=10)
    list_page.comments_close = timezone.now() - dt.timedelta(days=1)
    list_page.save()
    entry.refresh_from_db()
    with pytest.raises(ListsError, match="closed"):
        comment_submit(entry, name="X", body="Y")
    assert not PublicComment.objects.exists()


def test_decided_entries_take_no_comments(curator, reviewer, window, materials):
    entry = approve(curator, [reviewer], window, materials["by"])
    with pytest.raises(ListsError, match="under review"):
        comment_submit(entry, name="X", body="Y")
