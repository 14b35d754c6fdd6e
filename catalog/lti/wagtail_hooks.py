"""Wagtail admin: LTI platforms (registered by staff) and the tool's keys (read-only here;
rotate and retire with ``manage.py lti keys``). Snippet permissions follow the model
permissions, which only Administrators hold (catalog.pages.roles)."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LtiKey, LtiPlatform


class LtiPlatformViewSet(SnippetViewSet):
    model = LtiPlatform
    icon = "link-external"
    menu_label = "LTI platforms"
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["name", "issuer", "client_id", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["name", "issuer", "client_id"]


class LtiKeyViewSet(SnippetViewSet):
    model = LtiKey
    icon = "key"
    menu_label = "LTI keys"
    menu_order = 901
    add_to_settings_menu = True
    list_display = ["kid", "active", "created_at", "retired_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["kid", "active", "created_at", "retired_at", "public_jwk"]


register_snippet(LtiPlatformViewSet)
register_snippet(LtiKeyViewSet)
