"""Wagtail admin: harvest sources (with last run, next due time, what needs an operator, and
"Run now", "Dry run" and "Abort") and runs (read-only records: counts, warnings and
per-record errors), for Harvest operators."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .admin_forms import HarvestSourceForm
from .models import HarvestRun, HarvestSource


class HarvestSourceViewSet(SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = "Sources"
    list_display = [
        "name",
        "type",
        "base_url",
        "enabled",
        "last_run_summary",
        "next_run_at",
        "attention",
    ]
    list_filter = ["type", "enabled"]
    search_fields = ["name", "base_url"]
    inspect_view_enabled = True
    edit_handler_panels = [
        FieldPanel("name"),
        FieldPanel("type"),
        FieldPanel("base_url"),
        FieldPanel("metadata_format"),
        FieldPanel("set_spec"),
        MultiFieldPanel(
            [
                FieldPanel("every_hours"),
                FieldPanel("cron"),
                FieldPanel("enabled"),
                FieldPanel("next_run_at"),
            ],
            heading="Schedule",
        ),
        MultiFieldPanel(
            [FieldPanel("requests_per_second"), FieldPanel("user_agent")], heading="Politeness"
        ),
        FieldPanel("priority"),
        MultiFieldPanel(
            [FieldPanel("missing_runs_to_withdraw"), FieldPanel("min_complete_ratio")],
            heading="Withdrawals",
        ),
        FieldPanel("config"),
    ]
    edit_handler = ObjectList(edit_handler_panels, base_form_class=HarvestSourceForm)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes a run in the admin, superusers included: a run is the
    record of what a harvest did, written only by the harvest itself."""

    REFUSED = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.REFUSED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [a for a in actions if a not in self.REFUSED]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


register_permission_policy(HarvestRun, ReadOnlyPermissionPolicy(HarvestRun))


class HarvestRunViewSet(SnippetViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = "Runs"
    list_display = [
        "source",
        "kind",
        "status",
        "started_at",
        "finished_at",
        "counts_summary",
        "warning",
    ]
    list_filter = ["status", "kind", "source"]
    inspect_view_enabled = True
    inspect_template_name = "harvesters/admin/run_inspect.html"
    inspect_view_fields = [
        "source",
        "kind",
        "status",
        "started_at",
        "finished_at",
        "response_date",
        "seen",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "errors",
        "warnings",
        "warning",
        "message",
        "checkpoint",
    ]


class HarvestViewSetGroup(SnippetViewSetGroup):
    menu_label = "Harvesting"
    menu_icon = "download"
    menu_order = 400
    items = (HarvestSourceViewSet, HarvestRunViewSet)


register_snippet(HarvestViewSetGroup)


@hooks.register("register_admin_urls")
def register_harvest_admin_urls():
    return [
        path(
            "harvesting/sources/<int:pk>/confirm-shrink/",
            admin_views.confirm_shrink,
            name="harvest_confirm_shrink",
        ),
        path("harvesting/sources/<int:pk>/run-now/", admin_views.run_now, name="harvest_run_now"),
        path("harvesting/sources/<int:pk>/dry-run/", admin_views.dry_run, name="harvest_dry_run"),
        path("harvesting/sources/<int:pk>/abort/", admin_views.abort, name="harvest_abort"),
    ]


@hooks.register("register_snippet_listing_buttons")
def source_run_buttons(snippet, user, next_url=None):
    """Every source's listing row: "Run now", "Dry run" and "Abort" (each asks to confirm)."""
    if not isinstance(snippet, HarvestSource) or not user.has_perm(admin_views.CHANGE_SOURCE):
        return
    for label, name, priority in (
        ("Run now", "harvest_run_now", 6),
        ("Dry run", "harvest_dry_run", 7),
        ("Abort", "harvest_abort", 8),
    ):
        yield ListingButton(label, reverse(name, args=[snippet.pk]), priority=priority)


@hooks.register("register_snippet_listing_buttons")
def confirm_shrink_button(snippet, user, next_url=None):
    """A source whose withdrawals are held gets a "Confirm shrink" button in the listing."""
    if not isinstance(snippet, HarvestSource) or not snippet.shrink_warning:
        return
    if snippet.shrink_confirmation_pending or not user.has_perm(admin_views.CHANGE_SOURCE):
        return
    yield ListingButton(
        "Confirm shrink",
        reverse("harvest_confirm_shrink", args=[snippet.pk]),
        priority=5,
        attrs={"title": snippet.shrink_warning[:200]},
    )
