"""``/materials/<slug>/`` through a plain URL pattern, ahead of Wagtail's catch-all.

Wagtail's own route (``wagtail.views.serve``) spends five queries before the material is read:
the site, its root page made specific, the materials index among the root's children and then
made specific, the view restrictions. This view takes the site from ``Site.find_for_request``
(its root page comes joined), the materials index under that root in one query (already
specific, with whether any view restriction applies to it: when none does, checking them costs
no query), and then does what ``wagtail.views.serve`` does once it has a route: the
``before_serve_page`` hooks (the privacy check on the index and its ancestors among them), the
``on_serve_page`` chain, and the index page's own ``serve``, where the
``MaterialIndexPage.material`` route renders the page.
Only Wagtail's public API is used (see docs/pages.md for the figures that decided it).

Whenever this shortcut does not apply (no site, no materials index under the site's root,
localised page trees), ``wagtail.views.serve`` routes the request itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Site
from wagtail.views import serve

from .models import MaterialIndexPage

INDEX_SLUG = "materials"  # the slug of the MaterialIndexPage under the site's root page


def material_page(request: HttpRequest, slug: str) -> HttpResponse:
    index = material_index_for_request(request)
    if index is None:
        return serve(request, f"{INDEX_SLUG}/{slug}/")
    page, args, kwargs = index.route(request, [slug])  # Http404 when nothing matches
    return serve_route(request, page, args, kwargs)


def material_index_for_request(request: HttpRequest) -> MaterialIndexPage | None:
    """The ``MaterialIndexPage`` at ``/materials/`` under the root page of the request's site
    (live or not: its own ``route`` answers for that, as under Wagtail's routing), or None."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None  # Wagtail localises the root page before routing: left to it
    site = Site.find_for_request(request)
    if site is None:
        return None
    pages = MaterialIndexPage.objects.child_of(site.root_page).filter(slug=INDEX_SLUG)
    return MaterialIndexPage.with_view_restricted(pages).first()


def serve_route(request: HttpRequest, page, args, kwargs) -> HttpResponse:
    """``wagtail.views.serve`` from the point where it has found ``page`` and its arguments:
    the ``before_serve_page`` hooks may answer instead (privacy), then ``on_serve_page``
    wraps ``page.serve``."""

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)
