"""Wagtail pages: the home page, and one routable page that serves every material.

Materials are snippets, not pages (harvests bring hundreds of thousands of them); the
``MaterialIndexPage`` gives each a public URL ``/materials/<slug>/``.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalog.materials.models import Material
from catalog.materials.selectors import material_get_public, material_list_active


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["material_count"] = material_list_active().count()
        context["recent_materials"] = material_list_active().order_by("-date_created", "id")[:6]
        return context


class MaterialIndexPage(RoutablePageMixin, Page):
    """Serves ``/materials/`` and ``/materials/<slug>/``."""

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @path("")
    def index(self, request):
        materials = material_list_active().order_by("-date_created", "id")[:50]
        return self.render(request, context_overrides={"materials": materials})

    @path("<slug:slug>/")
    def material(self, request, slug: str):
        material: Material | None = material_get_public(slug)
        if material is None:
            raise Http404("No such material")
        return render(
            request,
            "pages/material_page.html",
            {"page": self, "material": material, "self": self},
        )
