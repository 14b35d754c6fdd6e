"""Wagtail admin: the License registry and curator mappings as snippets, and the review queue."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, services
from .models import License, LicenseMapping


class LicenseViewSet(SnippetViewSet):
    model = License
    icon = "doc-full"
    menu_label = "Licenses"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["key", "short_name", "family", "version", "jurisdiction", "deprecated"]
    list_filter = [
        "family",
        "version",
        "share_alike",
        "non_commercial",
        "no_derivatives",
        "deprecated",
    ]
    search_fields = ["key", "title", "short_name", "uri"]


class LicenseMappingViewSet(SnippetViewSet):
    model = LicenseMapping
    icon = "link"
    menu_label = "License mappings"
    list_display = ["raw", "license", "created_by", "updated_at"]
    search_fields = ["raw", "raw_key"]


register_snippet(LicenseViewSet)
register_snippet(LicenseMappingViewSet)


@hooks.register("register_admin_urls")
def _review_queue_urls():
    return [path("licenses/review/", admin_views.review_queue, name="licenses_review_queue")]


class _QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def _review_queue_menu_item():
    return _QueueMenuItem(
        "License review queue", reverse("licenses_review_queue"), icon_name="warning", order=310
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def _apply_mapping_edited_in_admin(request, instance):
    """A mapping saved through the snippet forms applies to materials like one from the queue."""
    if isinstance(instance, LicenseMapping):
        services.materials_relink(instance.raw_key)


@hooks.register("after_delete_snippet")
def _unapply_deleted_mappings(request, instances):
    for instance in instances:
        if isinstance(instance, LicenseMapping):
            services.materials_relink(instance.raw_key)
