"""Wagtail pages: the home page, and one routable page that serves every material.

Materials are snippets, not pages (harvests bring hundreds of thousands of them); the
``MaterialIndexPage`` gives each a public URL ``/materials/<slug>/``, which a plain URL
pattern routes to it in fewer queries than Wagtail's catch-all would (``catalog.pages.views``).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from catalog.licenses import rules as license_rules
from catalog.licenses.models import License
from catalog.materials.models import Material, MaterialSource
from catalog.materials.selectors import material_list_active

from .compiled import CompiledQuery
from .material_details import material_details

# The material page's reads, compiled to SQL once: the public material by slug (as
# ``material_get_public``), its licence by primary key (``raw()`` has no join to fill
# ``material.license`` with), its sources (as ``material.sources.all()``).
_PUBLIC_MATERIAL = CompiledQuery(
    lambda slug: material_list_active().select_related(None).filter(slug=slug).order_by()[:1],
    str,
)
_LICENSE = CompiledQuery(lambda pk: License.objects.filter(pk=pk), int)
_SOURCES = CompiledQuery(lambda pk: MaterialSource.objects.filter(material_id=pk), int)


def material_for_page(slug: str) -> Material | None:
    """``material_get_public(slug)`` (None for an unknown or withdrawn slug), its licence
    loaded."""
    material = _PUBLIC_MATERIAL.get(slug)
    if material is not None:
        material.license = _LICENSE.get(material.license_id) if material.license_id else None
    return material


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    def route(self, request, path_components):
        # /materials/ passes here (the material pages too, when Wagtail routes them rather than
        # catalog.pages.views): load the materials index already specific, in one query
        # instead of Wagtail's two (child by slug, then its specific page).
        if path_components:
            index = MaterialIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                index._cached_parent_obj = self
                return index.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        active = material_list_active()
        context["material_count"] = active.count()
        context["open_count"] = active.filter(license_id__in=open_license_ids()).count()
        context["recent_materials"] = material_list_active().order_by("-date_created", "id")[:6]
        return context


def open_license_ids() -> list[int]:
    """Ids of the licences that count as open under ``OER_OPEN_DEFINITION``: the same rule
    (``catalog.licenses.rules.is_open``) the licence pages show, so the home page's count and
    the licence pages agree."""
    return [lic.pk for lic in License.objects.all() if license_rules.is_open(lic)]


class MaterialIndexPage(RoutablePageMixin, Page):
    """Serves ``/materials/`` and ``/materials/<slug>/``."""

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    def no_view_restrictions(self) -> None:
        """Known (from the query that loaded this page) to have no view restrictions on
        itself or its ancestors: ``get_view_restrictions`` then answers without a query."""
        self._no_view_restrictions = True

    def get_view_restrictions(self):
        """Wagtail's answer, checked before every material page, in one query instead of two:
        the restrictions on this page and its ancestors (read from the tree path), an alias
        answering for its original."""
        if getattr(self, "_no_view_restrictions", False):
            restrictions = PageViewRestriction.objects.none()
            restrictions._result_cache = []  # already evaluated: iterating it compiles nothing
            return restrictions
        paths = [self.path[:n] for n in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()

    per_page = 50

    @path("")
    def index(self, request):
        """Every active material, newest first, ``per_page`` to a page (``?page=N``)."""
        materials = material_list_active().order_by("-date_created", "-id")
        paginator = Paginator(materials, self.per_page)
        page = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={"materials": page.object_list, "page_obj": page},
        )

    @path("<slug:slug>/")
    def material(self, request, slug: str):
        material = material_for_page(slug)
        if material is None:
            raise Http404("No such material")
        sources = _SOURCES.all(material.pk)
        page_url = request.build_absolute_uri(material.get_absolute_url())
        return render(
            request,
            "pages/material_page.html",
            {
                "page": self,
                "material": material,
                "sources": sources,
                "details": material_details(material, sources, page_url),
                "self": self,
            },
        )
