"""E-mail to curators (state staff) about entries that need re-review."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from .permissions import DECIDE


def curator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted({u.email for u in users if u.has_perm(DECIDE)})


def curators_notify_rereview(entries) -> int:
    """One message listing the flagged entries; returns the number of recipients."""
    recipients = curator_emails()
    if not recipients or not entries:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = [f"- {e.material} on {e.list_page.title}: {e.rereview_reason}" for e in entries]
    body = (
        "These approved materials changed at their source and need re-review:\n\n"
        + "\n".join(lines)
        + f"\n\nDashboard: {base}/admin/lists/\n"
    )
    subject = f"[OER Registry] {len(entries)} approved material(s) need re-review"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
