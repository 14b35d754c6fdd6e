"""The approved list: a Wagtail page whose public URLs (list, versions, exports) are routes."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalog.licenses import vocabulary

from .. import page_views
from ..page_form import ApprovedListPageForm


class OpenDefinition(models.TextChoices):
    """What a state calls "open" (the definitions of catalog.licenses.vocabulary)."""

    REUSE_ADAPT = vocabulary.REUSE_ADAPT, vocabulary.OPEN_DEFINITION_LABELS[vocabulary.REUSE_ADAPT]
    NO_NC = vocabulary.NO_NC, vocabulary.OPEN_DEFINITION_LABELS[vocabulary.NO_NC]
    BY_ONLY = vocabulary.BY_ONLY, vocabulary.OPEN_DEFINITION_LABELS[vocabulary.BY_ONLY]


class ApprovedListPage(RoutablePageMixin, Page):
    jurisdiction = models.CharField(max_length=50, help_text="e.g. US-WA, US-NY")
    subject = models.CharField(max_length=200)
    grade_min = models.SmallIntegerField(default=0, help_text="-1 = PreK, 0 = K")
    grade_max = models.SmallIntegerField(default=12)
    effective_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    criteria = RichTextField(blank=True)
    open_definition = models.CharField(
        max_length=20, choices=OpenDefinition.choices, default=OpenDefinition.REUSE_ADAPT
    )
    rubric = models.ForeignKey(
        "lists.Rubric",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: the Achieve OER rubrics",
    )
    comments_open = models.DateTimeField(null=True, blank=True)
    comments_close = models.DateTimeField(null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("jurisdiction"),
                FieldPanel("subject"),
                FieldPanel("grade_min"),
                FieldPanel("grade_max"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
            ],
            heading="Scope",
        ),
        FieldPanel("criteria"),
        FieldPanel("open_definition"),
        FieldPanel("rubric"),
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_close")],
            heading="Public comment window",
        ),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    template = "lists/list_page.html"
    base_form_class = ApprovedListPageForm

    def comments_accepted(self, now) -> bool:
        """Whether the public comment window is open at ``now`` (both dates needed)."""
        return bool(
            self.comments_open
            and self.comments_close
            and self.comments_open <= now <= self.comments_close
        )

    @property
    def grade_band(self) -> str:
        def name(g: int) -> str:
            return {-1: "PreK", 0: "K"}.get(g, str(g))

        return f"{name(self.grade_min)}–{name(self.grade_max)}"

    # Routes stay thin: each calls one of ``page_views`` (which read through page_selectors,
    # never this module). Wagtail serves only paths of slash-terminated word segments, hence
    # ``export/csv/`` (not ``.csv``).
    @path("")
    def route_current(self, request):
        return page_views.list_current(request, self)

    @path("comments/")
    def route_comments(self, request):
        return page_views.list_comments(request, self)

    @path("versions/")
    def route_versions(self, request):
        return page_views.list_versions(request, self)

    @path("versions/<int:number>/")
    def route_version(self, request, number: int):
        return page_views.list_version(request, self, number)

    @path("export/<str:fmt>/")
    def route_export_current(self, request, fmt: str):
        return page_views.list_export(request, self, fmt, None)

    @path("versions/<int:number>/export/<str:fmt>/")
    def route_export_version(self, request, number: int, fmt: str):
        return page_views.list_export(request, self, fmt, number)
