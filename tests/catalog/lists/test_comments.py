"""The optional public comment window on pending entries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from catalog.lists.errors import ListsError
from catalog.lists.models import CommentStatus, PublicComment
from catalog.lists.services.comments import comment_moderate, comment_submit
from catalog.lists.services.entries import entry_nominate

from .flow import approve
from .test_admin_views import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(list_page):
    now = timezone.now()
    list_page.comments_open = now - dt.timedelta(days=1)
    list_page.comments_close = now + dt.timedelta(days=13)
    list_page.save()
    return list_page


def test_anyone_comments_and_a_curator_approves(client, curator, window, materials):
    entry = entry_nominate(curator, window, materials["by"])
    url = f"{window.url}comments/"
    page = client.get(url).content.decode()
    assert materials["by"].title in page and "Send comment" in page
    response = client.post(
        url,
        {"entry": entry.pk, "name": "A parent", "email": "p@example.org", "body": "Great"},
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    assert "awaits moderation" in response.content.decode()
    comment = PublicComment.objects.get()
    assert (comment.entry, comment.name, comment.body) == (entry, "A parent", "Great")
    assert comment.status == CommentStatus.PENDING
    assert "Great" not in client.get(url).content.decode()  # held until approved
    client.force_login(curator)
    admin = client.get(reverse("lists_admin:entry", args=[entry.pk])).content.decode()
    assert "p@example.org" in admin and "Great" in admin
    queue = client.get(reverse("lists_admin:comments")).content.decode()
    assert "Great" in queue and "p@example.org" in queue
    moderated = client.post(
        reverse("lists_admin:comments"), {"comment": comment.pk, "action": "approve"}
    )
    assert moderated.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (CommentStatus.APPROVED, curator)
    assert "Great" not in client.get(reverse("lists_admin:comments")).content.decode()
    client.logout()
    public = client.get(url).content.decode()
    assert "Great" in public and "p@example.org" not in public


def test_rejected_comments_never_appear(client, curator, window, materials):
    entry = entry_nominate(curator, window, materials["by"])
    comment = comment_submit(entry, name="Spammer", body="Buy pills")
    client.force_login(curator)
    client.post(reverse("lists_admin:comments"), {"comment": comment.pk, "action": "reject"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    client.logout()
    assert "Buy pills" not in client.get(f"{window.url}comments/").content.decode()


def test_only_curators_moderate(client, curator, reviewer, window, materials):
    entry = entry_nominate(curator, window, materials["by"])
    comment = comment_submit(entry, name="A parent", body="Great")
    client.force_login(reviewer)
    assert refused(client.get(reverse("lists_admin:comments")))
    response = client.post(
        reverse("lists_admin:comments"), {"comment": comment.pk, "action": "approve"}
    )
    assert refused(response)
    with pytest.raises(PermissionDenied):
        comment_moderate(reviewer, comment, approve=True)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_the_dashboard_counts_comments_awaiting_moderation(client, curator, window, materials):
    entry = entry_nominate(curator, window, materials["by"])
    comment_submit(entry, name="A parent", body="Great")
    client.force_login(curator)
    page = client.get(reverse("lists_admin:dashboard")).content.decode()
    assert "1 public comment awaits moderation" in page
    assert reverse("lists_admin:comments") in page


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
