"""``/materials/<slug>/`` through a plain URL pattern, ahead of Wagtail's catch-all.

Wagtail's own route to a material page costs four ORM queries before the material is read:
the site (a ``CASE`` annotation with its root page joined), the root page made specific, the
materials index among the root's children, and the view restrictions. Here the site comes with
the id of its materials index page in one query, and the index page with "is anything
restricting it?" in a second; the restrictions themselves are read only when there are some.
Both queries are compiled to SQL once (``catalog.pages.compiled``).

The response is still Wagtail's: the route found here is handed to ``wagtail.views.serve``
(which reads it from the request, where ``Page.route_for_request`` caches it), so the
``before_serve_page`` and ``on_serve_page`` hooks run as before, among them the check of view
restrictions (privacy) on the materials index page and its ancestors, and
``MaterialIndexPage.material`` renders the page. Whenever this route does not apply (no site,
no live or not materials index under the site's root, localised page trees), Wagtail routes the
request itself, from the same site, exactly as it would have without this URL pattern.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.lookups import StartsWith
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site
from wagtail.views import serve

from .compiled import CompiledQuery
from .models import MaterialIndexPage

INDEX_SLUG = "materials"  # the slug of the MaterialIndexPage under the site's root page

# Site.find_for_request's order of preference (wagtail.models.sites.get_site_for_hostname).
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def _sites(hostname: str):
    """The sites Wagtail chooses from for ``hostname``, each with ``index_id``: the materials
    index page among the children of its root page, if any."""
    index = MaterialIndexPage.objects.filter(
        depth=OuterRef("root_page__depth") + 1,
        path__startswith=OuterRef("root_page__path"),
        slug=INDEX_SLUG,
    )
    return (
        Site.objects.filter(Q(hostname=hostname) | Q(is_default_site=True))
        .annotate(index_id=Subquery(index.order_by().values("pk")[:1]))
        .order_by()
    )


def _index_page(pk: int):
    """The materials index page with ``has_view_restrictions``: whether its
    ``get_view_restrictions()`` finds anything (a restriction on the page or an ancestor, or
    on the original of an alias among them; the same conditions, for the row being read)."""
    restrictions = PageViewRestriction.objects.filter(
        Q(StartsWith(OuterRef("path"), F("page__path")), page__alias_of__isnull=True)
        | Q(StartsWith(OuterRef("path"), F("page__aliases__path")))
    )
    return (
        MaterialIndexPage.objects.annotate(has_view_restrictions=Exists(restrictions))
        .filter(pk=pk)
        .order_by()
    )


SITES = CompiledQuery(_sites, str)
INDEX_PAGE = CompiledQuery(_index_page, int)


def material_page(request: HttpRequest, slug: str) -> HttpResponse:
    path = f"{INDEX_SLUG}/{slug}/"
    if not hasattr(request, "_wagtail_route_for_request"):
        index = material_index_for_request(request)
        if index is not None:
            try:
                request._wagtail_route_for_request = index.route(request, [slug])
            except Http404:  # as Page.route_for_request does
                request._wagtail_route_for_request = None
    return serve(request, path)


def material_index_for_request(request: HttpRequest) -> MaterialIndexPage | None:
    """The ``MaterialIndexPage`` at ``/materials/`` of the request's site (live or not, as
    Wagtail's routing would find it), or None: Wagtail then routes the request itself.

    Records the site on the request as ``Site.find_for_request`` does (``_wagtail_site``)."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None  # the root page is localised before routing: left to Wagtail
    if hasattr(request, "_wagtail_site"):
        return None
    hostname = split_domain_port(request._get_raw_host())[0]  # as Site._find_for_request
    try:
        port = int(request.get_port())
    except ValueError:
        return None
    site = _choose_site(SITES.all(hostname), hostname, port)
    request._wagtail_site = site
    index_id = site.__dict__.pop("index_id", None) if site is not None else None
    if index_id is None:
        return None
    index = INDEX_PAGE.get(index_id)
    if index is not None and not index.has_view_restrictions:
        index.no_view_restrictions()
    return index


def _choose_site(sites: list[Site], hostname: str, port: int) -> Site | None:
    """``wagtail.models.sites.get_site_for_hostname``'s choice among ``sites`` (the sites with
    this hostname, and the default site)."""

    def match(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return _HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return _HOSTNAME_DEFAULT
        return _DEFAULT if site.is_default_site else _HOSTNAME

    sites = sorted(sites, key=match)
    if not sites:
        return None
    if len(sites) == 1 or match(sites[0]) in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return sites[0]
    if match(sites[0]) == _DEFAULT:
        return sites[len(sites) == 2]
    return None
