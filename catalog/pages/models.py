"""Wagtail pages: the home page, and one routable page that serves every material.

Materials are snippets, not pages (harvests bring hundreds of thousands of them); the
``MaterialIndexPage`` gives each a public URL ``/materials/<slug>/``, which a plain URL
pattern routes to it in fewer queries than Wagtail's catch-all would (``catalog.pages.views``),
and ``/materials/<slug>/similar/``, the similar materials the page fetches after it loaded.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.shortcuts import render
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from catalog.licenses import rules as license_rules
from catalog.licenses.models import License
from catalog.materials.models import MaterialSource
from catalog.materials.selectors import material_get_public, material_list_active

from .material_details import material_details

SIMILAR_PART = "part"  # ?part=1: the similar materials section alone, for the page's script


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

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
    """Serves ``/materials/``, ``/materials/<slug>/`` and ``/materials/<slug>/similar/``."""

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @staticmethod
    def with_view_restricted(pages: QuerySet) -> QuerySet:
        """``pages`` annotated with ``view_restricted``: whether ``get_view_restrictions``
        finds anything for the row (the same conditions, read in the same query), so a page
        loaded this way answers it without another query when nothing restricts it."""
        restrictions = PageViewRestriction.objects.filter(
            Q(StartsWith(OuterRef("path"), F("page__path")), page__alias_of__isnull=True)
            | Q(StartsWith(OuterRef("path"), F("page__aliases__path")))
        )
        return pages.annotate(view_restricted=Exists(restrictions))

    def get_view_restrictions(self):
        """Wagtail's answer, checked before every material page, in one query instead of two
        (none when loaded ``with_view_restricted`` and nothing restricts it): the restrictions
        on this page and its ancestors (read from the tree path), an alias answering for its
        original."""
        if getattr(self, "view_restricted", None) is False:
            return PageViewRestriction.objects.none()  # evaluates to [] without a query
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
        material = material_get_public(slug)
        if material is None:
            raise Http404("No such material")
        sources = list(MaterialSource.objects.filter(material=material))
        page_url = request.build_absolute_uri(material.get_absolute_url())
        return render(
            request,
            "pages/material_page.html",
            {
                "page": self,
                "self": self,
                "material": material,
                "sources": sources,
                "details": material_details(material, sources, page_url),
                "similar_url": f"{request.path}similar/",
            },
        )

    @path("<slug:slug>/similar/")
    def similar(self, request, slug: str):
        """The materials similar to one: found by the search engine's nearest neighbours, a
        dozen milliseconds at 100,000 materials, so the material page leaves them out and its
        script fetches this (``?part=1``: the section alone); without a script, its link
        leads here."""
        material = material_get_public(slug)
        if material is None:
            raise Http404("No such material")
        template = "pages/material_similar.html"
        if request.GET.get(SIMILAR_PART):
            template = "pages/_material_similar_part.html"
        return render(request, template, {"page": self, "self": self, "material": material})
