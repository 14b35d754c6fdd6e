"""Wagtail admin: frameworks, items (with a chooser that finds items by code or statement)
and alignments, which curators add, change and remove, and the review queue of suggested
alignments. Imports run from the command line."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog.materials.signals import announce_materials_changed

from . import admin_views
from .admin_forms import ItemSearchFilterForm
from .models import Alignment, Framework, StandardItem
from .services import alignment_creator_record


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = "Frameworks"
    list_display = ["title", "jurisdiction", "subject", "source_format", "last_imported_at"]
    list_filter = ["jurisdiction", "source_format"]
    search_fields = ["title", "identifier", "jurisdiction", "subject"]
    search_backend_name = None  # ORM search: frameworks are imported in bulk
    inspect_view_enabled = True


class ItemChooseView(ChooseView):
    filter_form_class = ItemSearchFilterForm


class ItemChooseResultsView(ChooseResultsView):
    filter_form_class = ItemSearchFilterForm


class ItemChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ItemChooseView
    choose_results_view_class = ItemChooseResultsView


class StandardItemViewSet(SnippetViewSet):
    model = StandardItem
    icon = "tag"
    menu_label = "Items"
    list_display = ["human_coding_scheme", "statement", "framework", "item_type", "retired"]
    list_filter = ["framework", "retired", "item_type"]
    search_fields = ["human_coding_scheme", "statement", "identifier"]
    search_backend_name = None
    chooser_viewset_class = ItemChooserViewSet
    inspect_view_enabled = True
    list_per_page = 50


class AlignmentViewSet(SnippetViewSet):
    model = Alignment
    icon = "link"
    menu_label = "Alignments"
    list_display = ["material", "item", "target", "alignment_type", "origin", "updated_at"]
    # "Item is empty: yes" lists the unresolved ones: references kept until their framework
    # is imported (``standards resolve-pending`` or any import attaches them).
    list_filter = {"origin": ["exact"], "alignment_type": ["exact"], "item": ["isnull"]}
    search_fields = ["target", "material__title", "item__human_coding_scheme"]
    search_backend_name = None
    panels = [
        FieldPanel("material"),
        FieldPanel("item"),
        FieldPanel("target", help_text="Filled from the item when left empty"),
        FieldPanel("alignment_type"),
        FieldPanel("origin"),
    ]


class StandardsGroup(SnippetViewSetGroup):
    menu_label = "Standards"
    menu_icon = "list-ul"
    menu_order = 320
    items = (FrameworkViewSet, StandardItemViewSet, AlignmentViewSet)


register_snippet(StandardsGroup)


@hooks.register("register_admin_urls")
def _suggestion_urls():
    return [
        path("standards/suggestions/", admin_views.suggestion_review, name="standards_suggestions")
    ]


class _SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def _suggestions_menu_item():
    return _SuggestionsMenuItem(
        "Suggested alignments", reverse("standards_suggestions"), icon_name="link", order=321
    )


def _alignment_changed(request, instance):
    if isinstance(instance, Alignment):
        announce_materials_changed([instance.material_id])


@hooks.register("after_create_snippet")
def _alignment_created(request, instance):
    if isinstance(instance, Alignment):
        alignment_creator_record(instance, request.user)
    _alignment_changed(request, instance)


hooks.register("after_edit_snippet", _alignment_changed)


@hooks.register("after_delete_snippet")
def _alignments_deleted(request, instances):
    ids = [i.material_id for i in instances if isinstance(i, Alignment)]
    announce_materials_changed(ids)
