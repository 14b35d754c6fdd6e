"""State staff screens in the Wagtail admin: the dashboard, a list's entries (nominate,
publish) and an entry (assign, score, decide). Each view parses a form and calls a service;
rule violations come back as messages, permission failures as 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.licenses.models import License
from catalog.materials.models import Material
from catalog.pages.models import HomePage

from . import compat
from .coverage import coverage_report
from .errors import ListsError
from .forms import AssignForm, DecideForm, NominateForm, PublishForm, ScoreForm
from .models import (
    ApprovedListPage,
    CommentStatus,
    EntryStage,
    LinkCheck,
    PublicComment,
    Review,
)
from .page_form import GRADE_CHOICES
from .permissions import ASSIGN, DECIDE, NOMINATE, PUBLISH, REVIEW
from .selectors import (
    comments_awaiting_moderation,
    dashboard_counts,
    entries_visible_to,
    entry_aggregate,
    entry_get_for_user,
    list_rubric,
    nomination_candidates,
    reviewer_queue,
)
from .services.comments import comment_moderate
from .services.entries import entry_assign_reviewers, entry_decide, entry_nominate
from .services.reviews import review_submit
from .services.versions import list_publish


def dashboard(request):
    user = request.user
    visible = entries_visible_to(user)
    context = {
        "lists": dashboard_counts() if user.has_perm(DECIDE) else [],
        "rereview": visible.filter(needs_rereview=True).order_by("-flagged_at")[:50],
        "awaiting": visible.filter(stage__in=[EntryStage.NOMINATED, EntryStage.IN_REVIEW])[:50],
        "my_queue": reviewer_queue(user),
        "broken_links": LinkCheck.objects.filter(ok=False).select_related("material")[:20]
        if user.has_perm(DECIDE)
        else [],
        "queues": _reviewer_queues() if user.has_perm(ASSIGN) else [],
        "comments_waiting": comments_awaiting_moderation().count() if user.has_perm(DECIDE) else 0,
        "new_list_url": _new_list_url(user),
    }
    return TemplateResponse(request, "lists/admin/dashboard.html", context)


def _new_list_url(user) -> str:
    """The Wagtail editor's "add an approved list" URL under the home page, when ``user`` may
    add pages there (curators); else ""."""
    home = HomePage.objects.first()
    if home is None or not home.permissions_for_user(user).can_add_subpage():
        return ""
    return reverse("wagtailadmin_pages:add", args=["lists", "approvedlistpage", home.pk])


def comment_queue(request):
    """Public comments awaiting moderation; POST ``comment`` and ``action`` (approve or
    reject). Curators only."""
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied("Only curators moderate public comments.")
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("approve", "reject"):
            raise PermissionDenied("Unknown action.")
        pending = PublicComment.objects.filter(status=CommentStatus.PENDING)
        comment = get_object_or_404(pending, pk=_int_or_none(request.POST.get("comment")))
        comment_moderate(request.user, comment, approve=action == "approve")
        verb = "Approved" if action == "approve" else "Rejected"
        messages.success(request, f"{verb} the comment by {comment.name}.")
        return redirect("lists_admin:comments")
    return TemplateResponse(
        request,
        "lists/admin/comment_queue.html",
        {"comments": comments_awaiting_moderation()[:200]},
    )


def _int_or_none(value):
    return int(value) if value and value.isdigit() else None


def _reviewer_queues():
    counts: dict = {}
    for review in Review.objects.filter(status="assigned").select_related("reviewer"):
        counts[review.reviewer] = counts.get(review.reviewer, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def list_detail(request, page_id: int):
    page = get_object_or_404(ApprovedListPage, pk=page_id)
    user = request.user
    nominate_form = NominateForm(prefix="nominate")
    publish_form = PublishForm(prefix="publish")
    if request.method == "POST":
        try:
            if "nominate-material" in request.POST:
                nominate_form = NominateForm(request.POST, prefix="nominate")
                if nominate_form.is_valid():
                    entry = entry_nominate(
                        user,
                        page,
                        nominate_form.cleaned_data["material"],
                        nominate_form.cleaned_data["note"],
                    )
                    messages.success(request, f"Nominated {entry.material}.")
                    return redirect("lists_admin:list", page_id=page.pk)
            elif request.POST.get("action") == "publish":
                publish_form = PublishForm(request.POST, prefix="publish")
                if publish_form.is_valid():
                    version = list_publish(user, page, publish_form.cleaned_data["note"])
                    messages.success(request, f"Published version {version.number}.")
                    return redirect("lists_admin:list", page_id=page.pk)
        except ListsError as err:
            messages.error(request, str(err))
    return TemplateResponse(
        request,
        "lists/admin/list_detail.html",
        {
            "page": page,
            "entries": entries_visible_to(user, page),
            "nominate_form": nominate_form,
            "publish_form": publish_form,
            "can_nominate": user.has_perm(NOMINATE),
            "chooser": _chooser(page, request.GET) if user.has_perm(NOMINATE) else None,
            "can_publish": user.has_perm(PUBLISH),
            "versions": page.versions.order_by("-number")[:10],
        },
    )


def _chooser(page, params) -> dict:
    """The nomination chooser's query, its filters' choices and its results."""
    return {
        "params": {k: params.get(k, "") for k in ("q", "license", "grade", "subject")},
        "licenses": License.objects.filter(
            pk__in=Material.objects.order_by().values("license_id").distinct()
        )
        .order_by("title")
        .values_list("key", "title"),
        "grades": GRADE_CHOICES,
        "results": nomination_candidates(page, params),
        "searched": any(params.get(k) for k in ("q", "license", "grade", "subject")),
    }


def entry_detail(request, entry_id: int):
    user = request.user
    entry = entry_get_for_user(user, entry_id)  # 403 unless curator or assigned reviewer
    criteria = list_rubric(entry.list_page).criteria.all()
    my_review = entry.reviews.filter(reviewer=user).first()
    forms = {
        "assign": AssignForm(
            prefix="assign",
            initial={"reviewers": list(entry.reviews.values_list("reviewer_id", flat=True))},
        ),
        "score": ScoreForm(prefix="score", criteria=criteria, initial=_initial_scores(my_review)),
        "decide": DecideForm(prefix="decide", initial=_initial_decision(entry)),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign":
                forms["assign"] = form = AssignForm(request.POST, prefix="assign")
                if form.is_valid():
                    entry_assign_reviewers(user, entry, form.cleaned_data["reviewers"])
                    messages.success(request, "Reviewers assigned.")
                    return redirect("lists_admin:entry", entry_id=entry.pk)
            elif action == "score":
                forms["score"] = form = ScoreForm(request.POST, prefix="score", criteria=criteria)
                if form.is_valid():
                    review_submit(user, entry, form.scores(), form.cleaned_data["summary"])
                    messages.success(request, "Scores submitted.")
                    return redirect("lists_admin:entry", entry_id=entry.pk)
            elif action == "decide":
                forms["decide"] = form = DecideForm(request.POST, prefix="decide")
                if form.is_valid():
                    entry_decide(user, entry, **form.cleaned_data)
                    messages.success(request, f"Decision recorded: {entry.get_decision_display()}.")
                    return redirect("lists_admin:entry", entry_id=entry.pk)
            else:
                raise PermissionDenied("Unknown action.")
        except (ListsError, ValidationError) as err:
            messages.error(request, "; ".join(getattr(err, "messages", [str(err)])))
    license_open = compat.is_open(entry.material.license, entry.list_page.open_definition)
    can_decide = user.has_perm(DECIDE)
    return TemplateResponse(
        request,
        "lists/admin/entry_detail.html",
        {
            "entry": entry,
            "material": entry.material,
            "license_open": license_open,
            "license_reason": ""
            if license_open
            else compat.not_open_reason(entry.material.license, entry.list_page.open_definition),
            "aggregate": entry_aggregate(entry) if can_decide else None,
            "reviews": entry.reviews.select_related("reviewer").prefetch_related(
                "scores__criterion"
            )
            if can_decide
            else [r for r in [my_review] if r],
            "my_review": my_review,
            "forms": forms,
            "comments": entry.public_comments.all() if can_decide else [],
            "can_assign": user.has_perm(ASSIGN),
            "can_score": my_review is not None and user.has_perm(REVIEW),
            "can_decide": can_decide,
        },
    )


def _initial_scores(review) -> dict:
    if review is None:
        return {}
    initial = {"summary": review.summary}
    for score in review.scores.select_related("criterion"):
        n = score.criterion.number
        initial[f"score_{n}"] = "na" if score.score is None else str(score.score)
        initial[f"comment_{n}"] = score.comment
    return initial


def _initial_decision(entry) -> dict:
    return {
        "decision": entry.decision or "approved",
        "tier": entry.tier,
        "conditions": entry.conditions,
        "public_rationale": entry.public_rationale,
    }


def coverage(request, page_id: int):
    """Coverage of a list against a framework (``?framework=<id>``)."""
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied("Only curators see coverage reports.")
    page = get_object_or_404(ApprovedListPage, pk=page_id)
    frameworks = compat.frameworks()
    chosen = next((f for f in frameworks if str(f.pk) == request.GET.get("framework")), None)
    report = coverage_report(page, chosen) if chosen else None
    return TemplateResponse(
        request,
        "lists/admin/coverage.html",
        {"page": page, "frameworks": frameworks, "chosen": chosen, "report": report},
    )
