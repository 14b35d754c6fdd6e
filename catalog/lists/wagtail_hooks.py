"""Wagtail admin wiring: the staff screens' URLs (under /admin/lists/) and a menu item."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .permissions import DECIDE, NOMINATE, REVIEW

admin_urls = [
    path("", admin_views.dashboard, name="dashboard"),
    path("<int:page_id>/", admin_views.list_detail, name="list"),
    path("<int:page_id>/coverage/", admin_views.coverage, name="coverage"),
    path("entries/<int:entry_id>/", admin_views.entry_detail, name="entry"),
    path("comments/", admin_views.comment_queue, name="comments"),
]


@hooks.register("register_admin_urls")
def register_lists_admin_urls():
    return [path("lists/", include((admin_urls, "lists_admin"), namespace="lists_admin"))]


class ListsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return any(user.has_perm(p) for p in (DECIDE, NOMINATE, REVIEW))


@hooks.register("register_admin_menu_item")
def register_lists_menu_item():
    return ListsMenuItem(
        "Approved lists", reverse("lists_admin:dashboard"), icon_name="list-ul", order=250
    )
