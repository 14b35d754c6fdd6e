"""Materials in the Wagtail admin: a snippet for curators (edits become overrides)."""

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_forms import MaterialCuratorForm
from .models import Material


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "doc-full"
    menu_label = "Materials"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["title", "source_key", "license", "status", "needs_rereview", "updated_at"]
    list_filter = ["status", "needs_rereview", "source_key", "language"]
    search_fields = ["title", "description", "url", "remote_id"]
    search_backend_name = None  # ORM search: bulk harvests don't feed Wagtail's own index
    list_per_page = 50
    edit_handler_panels = [
        HelpPanel(
            content="Your corrections are kept as curator overrides: later harvests refresh "
            "the source's values but never replace yours."
        ),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("description"),
                FieldPanel("url"),
                FieldPanel("language"),
                FieldPanel("publisher"),
                FieldPanel("subjects"),
                FieldPanel("grades"),
                FieldPanel("resource_types"),
                FieldPanel("keywords"),
            ],
            heading="Description (curator corrections)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("withdrawn_reason"),
                FieldPanel("needs_rereview"),
                FieldPanel("rereview_reason"),
                FieldPanel("curator_notes"),
            ],
            heading="Curation",
        ),
    ]


MaterialViewSet.edit_handler = ObjectList(
    MaterialViewSet.edit_handler_panels, base_form_class=MaterialCuratorForm
)
register_snippet(MaterialViewSet)
