"""Publication: each publication of a list freezes its approved entries as a numbered
ListVersion with a changelog against the previous one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..errors import ListsError
from ..models import ApprovedListPage, ListVersion
from ..permissions import PUBLISH, require
from ..rows import changelog, entry_row, is_empty
from ..selectors import entries_to_publish


@transaction.atomic
def list_version_snapshot(page: ApprovedListPage, *, user=None, note: str = ""):
    """Freeze the list as the next version; None when nothing changed since the last one.

    An empty first version is not made. Called by ``list_publish`` and by the
    ``page_published`` receiver (a publication that went through the Wagtail admin or an
    approval workflow). The page row is locked so that two publications cannot take the same
    number.
    """
    ApprovedListPage.objects.select_for_update().filter(pk=page.pk).first()
    rows = [entry_row(e) for e in entries_to_publish(page)]
    previous = ListVersion.objects.filter(list_page=page).order_by("-number").first()
    log = changelog(previous.entries if previous else [], rows)
    if is_empty(log):  # nothing changed (or a first publication with nothing approved yet)
        return None
    return ListVersion.objects.create(
        list_page=page,
        number=(previous.number + 1) if previous else 1,
        published_at=timezone.now(),
        published_by=user,
        note=note,
        entries=rows,
        changelog=log,
    )


@transaction.atomic
def list_publish(user, page: ApprovedListPage, note: str = "") -> ListVersion:
    """A curator publishes the list: a new version, and the page's latest revision goes live."""
    require(user, PUBLISH, "publish lists")
    version = list_version_snapshot(page, user=user, note=note)
    if version is None:
        raise ListsError("Nothing changed since the last published version.")
    # The lists permission was checked above; page-tree permissions are for the admin's editor.
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    return version
