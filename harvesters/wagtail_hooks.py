"""Wagtail admin: harvest sources (with last run and next due time) and runs (counts and
per-record errors), for Harvest operators."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import HarvestRun, HarvestSource


class HarvestSourceViewSet(SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = "Sources"
    list_display = ["name", "type", "base_url", "enabled", "last_run_summary", "next_run_at"]
    list_filter = ["type", "enabled"]
    search_fields = ["name", "base_url"]
    inspect_view_enabled = True
    panels = [
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
        FieldPanel("missing_runs_to_withdraw"),
        FieldPanel("config"),
    ]


class HarvestRunViewSet(SnippetViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = "Runs"
    list_display = ["source", "kind", "status", "started_at", "finished_at", "counts_summary"]
    list_filter = ["status", "kind", "source"]
    inspect_view_enabled = True
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
        "message",
        "checkpoint",
        "error_lines",
    ]


class HarvestViewSetGroup(SnippetViewSetGroup):
    menu_label = "Harvesting"
    menu_icon = "download"
    menu_order = 400
    items = (HarvestSourceViewSet, HarvestRunViewSet)


register_snippet(HarvestViewSetGroup)
