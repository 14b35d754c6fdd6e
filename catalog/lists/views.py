"""``/lists/``: the index of published approved lists. The pages of one list are the routes of
``ApprovedListPage`` (``page_views``)."""

from __future__ import annotations

from django.shortcuts import render

from .selectors import published_lists_public


def lists_index(request):
    """``/lists/``: every published, public approved list, by jurisdiction."""
    groups: dict[str, list] = {}
    for list_page in published_lists_public():
        groups.setdefault(list_page.jurisdiction or "Other", []).append(list_page)
    return render(request, "lists/index.html", {"groups": groups})
