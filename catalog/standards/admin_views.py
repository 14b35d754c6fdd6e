"""The suggested-alignments review queue in the Wagtail admin (thin: parse, call services).

Filter by framework, approved list and harvest source; accept or reject one suggestion, the
ticked ones, or every pending one scoring at least a given score.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.lists.models import ApprovedListPage
from catalog.materials.models import Material

from .models import AlignmentSuggestion, Framework, SuggestionStatus
from .suggestions.selectors import suggestion_queue
from .suggestions.services import suggestion_accept, suggestion_reject, suggestions_accept_above

PERMISSION = "standards.add_alignment"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(data) -> dict:
    return {
        "framework_id": _int(data.get("framework")),
        "list_page_id": _int(data.get("list")),
        "source": (data.get("source") or "").strip() or None,
    }


def _decide(request, filters) -> None:
    action = request.POST.get("action", "")
    if action == "accept_above":
        try:
            min_score = float(request.POST.get("min_score", ""))
        except ValueError:
            messages.error(request, "Give a score, e.g. 0.6.")
            return
        count = suggestions_accept_above(suggestion_queue(**filters), min_score, request.user)
        messages.success(request, f"Accepted {count} suggestions scoring at least {min_score}.")
        return
    ids = [_int(v) for v in request.POST.getlist("suggestion")]
    chosen = AlignmentSuggestion.objects.filter(
        pk__in=[i for i in ids if i], status=SuggestionStatus.PENDING
    ).select_related("material", "item")
    decide = {"accept": suggestion_accept, "reject": suggestion_reject}.get(action)
    if decide is None:
        messages.error(request, "Unknown action.")
        return
    count = 0
    for suggestion in chosen:
        decide(suggestion, request.user)
        count += 1
    messages.success(request, f"{action.capitalize()}ed {count} suggestions.")


def suggestion_review(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        filters = _filters(request.POST)
        _decide(request, filters)
        query = request.POST.get("query", "")
        return redirect(reverse("standards_suggestions") + (f"?{query}" if query else ""))
    filters = _filters(request.GET)
    queue = suggestion_queue(**filters)
    page = Paginator(queue, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "standards/admin/suggestions.html",
        {
            "page_title": "Suggested alignments",
            "header_icon": "link",
            "page": page,
            "total": page.paginator.count,
            "filters": filters,
            "query": request.GET.urlencode(),
            "frameworks": Framework.objects.order_by("title", "pk"),
            "lists": ApprovedListPage.objects.order_by("title"),
            "sources": Material.objects.order_by("source_key")
            .values_list("source_key", flat=True)
            .distinct(),
        },
    )
