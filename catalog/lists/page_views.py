"""Public views of one approved list, called by the routes of ``ApprovedListPage``: the
current version with filters, the version history, one version with its changelog, public
comments, and exports (CSV, XLSX, JSON-LD and IMS Common Cartridge).

The page module imports this one, so it reads through ``page_selectors`` and the models other
than the page's (never ``catalog.lists.models`` as a whole, whose ``__init__`` imports the
page): the dependency runs one way, page → views → reads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from catalog.cartridge.package import CONTENT_TYPE as CARTRIDGE_TYPE
from catalog.cartridge.package import build_cartridge
from catalog.cartridge.sources import list_cartridge
from catalog.client_ip import client_ip_hash

from . import exports
from .errors import ListsError
from .forms import PublicCommentForm
from .page_selectors import (
    comments_shown,
    entries_open_for_comment,
    filter_rows,
    version_get,
    version_latest,
)
from .services.comments import CommentRateLimited, comment_submit

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonld": "application/ld+json; charset=utf-8",
    "imscc": CARTRIDGE_TYPE,
}


def _render_version(request, page, version, *, is_current: bool):
    rows = filter_rows(version.entries, request.GET) if version else []
    all_rows = version.entries if version else []
    context = {
        "page": page,
        "self": page,
        "version": version,
        "is_current": is_current,
        "rows": rows,
        "tiers": sorted({r["tier"] for r in all_rows if r["tier"]}),
        "licenses": sorted({(r["license_key"], r["license_name"]) for r in all_rows}),
        "grades": sorted({g for r in all_rows for g in r["grades"]}, key=_grade_order),
        "filters": {
            k: request.GET.get(k, "") for k in ("q", "grade", "decision", "tier", "license")
        },
    }
    return render(request, "lists/list_page.html", context)


def _grade_order(code: str):
    return {"PK": -1, "K": 0}.get(code, int(code) if code.isdigit() else 99)


def list_current(request, page):
    return _render_version(request, page, version_latest(page), is_current=True)


def list_version(request, page, number: int):
    version = version_get(page, number)
    if version is None:
        raise Http404("No such version")
    latest = version_latest(page)
    return _render_version(request, page, version, is_current=version.pk == latest.pk)


def list_versions(request, page):
    versions = page.versions.order_by("-number")
    return render(
        request, "lists/list_versions.html", {"page": page, "self": page, "versions": versions}
    )


def list_export(request, page, fmt: str, number: int | None):
    if fmt not in EXPORT_TYPES:
        raise Http404("Unknown export format")
    version = version_get(page, number) if number else version_latest(page)
    if version is None:
        raise Http404("This list has not been published")
    rows = version.entries
    name = f"{slugify(page.title)}-v{version.number}.{fmt}"
    if fmt == "csv":
        body = exports.export_csv(page, version, rows)
    elif fmt == "xlsx":
        body = exports.export_xlsx(page, version, rows)
    elif fmt == "imscc":
        body = build_cartridge(*list_cartridge(page, version, _base_url(request)))
    else:
        body = exports.export_jsonld(page, version, rows, _base_url(request))
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    if fmt != "jsonld":
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _base_url(request) -> str:
    """This site's scheme and host, without a trailing slash."""
    return request.build_absolute_uri("/")[:-1]


def list_comments(request, page):
    """Entries under review with their approved comments, and a comment form while the window
    is open. POST (``entry``, ``name``, ``email``, ``body``): a comment that awaits moderation;
    400 with the form's errors on bad input, 429 when the address has sent too many."""
    entries = entries_open_for_comment(page)
    form, refusal, status = None, "", 200
    if request.method == "POST":
        form = PublicCommentForm(request.POST, entries=entries)
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            try:
                comment_submit(
                    data["entry"],
                    name=data["name"],
                    email=data["email"],
                    body=data["body"],
                    ip_hash=client_ip_hash(request),
                )
            except CommentRateLimited as err:
                refusal, status = str(err), 429
            except ListsError as err:
                messages.error(request, str(err))
                return redirect(f"{page.url}comments/")
            else:
                messages.success(
                    request,
                    "Thank you: your comment awaits moderation; it appears here once a curator "
                    "approves it.",
                )
                return redirect(f"{page.url}comments/")
    context = {
        "page": page,
        "self": page,
        "entries": [(e, comments_shown(e)) for e in entries],
        "open": page.comments_accepted(timezone.now()),
        "form": form,
        "refusal": refusal,
    }
    return render(request, "lists/list_comments.html", context, status=status)
