"""Customize (fork), remix, edit, upstream changes, submit: the teacher's own versions."""

from __future__ import annotations

import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalog import vocabulary
from catalog.standards.suggestions.selectors import material_suggestions

from .. import exports, licensing, selectors
from .. import standards as standards_adapter
from ..diffs import field_diff
from ..forms import AdaptationForm
from ..services.adaptations import (
    PULLABLE_FIELDS,
    adaptation_allowed_licenses,
    adaptation_delete,
    adaptation_discard,
    adaptation_fork,
    adaptation_remix,
    adaptation_update,
)
from ..services.errors import AdaptationRefused, TeacherError
from ..services.moderation import adaptation_submit, can_moderate
from ..services.upstream import is_own_edit, upstream_change_dismiss, upstream_change_pull
from . import found


def customize(request, slug):
    """GET: may this material be customized, and under which licenses (or why not).
    POST: create the teacher's fork and open it for editing."""
    material = found(selectors.material_for_teacher(slug), "material")
    decision = licensing.adaptation_decision(material.license)
    choice = (
        licensing.license_choice([material.license], [material.effective("title")])
        if decision.allowed
        else None
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            adaptation = adaptation_fork(
                request.user, material, suggested=request.POST.getlist("suggested")
            )
        except AdaptationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Your version is ready to edit.")
            return _edit_new(adaptation)
    return render(
        request,
        "teachers/customize.html",
        {
            "material": material,
            "decision": decision,
            "choice": choice,
            "credit": licensing.material_credit(material),
            "suggested_standards": material_suggestions(material.pk),
        },
    )


def remix(request):
    """GET ?m=<slug>&m=<slug>: may these be combined, under which licenses, or which source to
    drop. POST: create the remix. More than ``licensing.MAX_SOURCES`` materials: 400."""
    slugs = request.POST.getlist("m") if request.method == "POST" else request.GET.getlist("m")
    count = len({s for s in slugs if s})
    if count > licensing.MAX_SOURCES:
        return render(
            request,
            "teachers/remix_too_many.html",
            {"max_sources": licensing.MAX_SOURCES, "count": count},
            status=400,
        )
    materials = selectors.materials_by_slugs(slugs)
    choice = None
    if len(materials) >= 2:
        choice = licensing.license_choice(
            [m.license for m in materials], [m.effective("title") for m in materials]
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            adaptation = adaptation_remix(
                request.user, materials, request.POST.get("title", "").strip()
            )
        except AdaptationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Your remix is ready to edit.")
            return _edit_new(adaptation)
    drops = []
    if choice and not choice.ok:
        for combo in choice.drop:
            keep = [m.slug for i, m in enumerate(materials) if i not in combo]
            drops.append({"drop": [materials[i] for i in combo], "keep": keep})
    rows = [
        {"material": m, "requirement": choice.requirements[i] if choice else ""}
        for i, m in enumerate(materials)
    ]
    collections = selectors.collections_of(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "teachers/remix.html",
        {
            "materials": materials,
            "rows": rows,
            "choice": choice,
            "drops": drops,
            "collections": collections,
        },
    )


def _edit_new(adaptation):
    """The edit page of a work just created: its Cancel discards the draft."""
    return redirect(reverse("teachers:adaptation_edit", args=[adaptation.pk]) + "?new=1")


def _source_materials(adaptation):
    return [s.material for s in adaptation.sources.all()]


def detail(request, pk):
    adaptation = found(selectors.adaptation_for_viewer(pk, request.user), "adaptation")
    is_owner = request.user.is_authenticated and adaptation.owner_id == request.user.pk
    changes = []
    if is_owner:
        for change in selectors.pending_changes(adaptation):
            changes.append(
                {
                    "change": change,
                    "diff": field_diff(change.old_value, change.new_value),
                    "own_edit": is_own_edit(adaptation, change.source, change.field),
                    "pullable": adaptation.is_fork and change.field in PULLABLE_FIELDS,
                }
            )
    sources = _source_materials(adaptation)
    credit = licensing.adaptation_credit(
        adaptation, exports.absolute(adaptation.get_absolute_url()), sources
    )
    return render(
        request,
        "teachers/adaptation_detail.html",
        {
            "adaptation": adaptation,
            "is_owner": is_owner,
            "changes": changes,
            "credit": credit,
            "source_credits": [licensing.material_credit(m) for m in sources],
            "lineage": selectors.adaptation_lineage(adaptation),
            "standards": standards_adapter.describe(adaptation.alignments),
            "jsonld": exports.script_safe_json(exports.adaptation_jsonld(adaptation)),
            "can_moderate": can_moderate(request.user),
            "grades": vocabulary.grade_summary(adaptation.grades or []),
            "subjects": [vocabulary.subject_label(x) for x in adaptation.subjects or []],
        },
    )


def jsonld(request, pk):
    adaptation = found(selectors.adaptation_for_viewer(pk, request.user), "adaptation")
    body = json.dumps(exports.adaptation_jsonld(adaptation), indent=2, ensure_ascii=False)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@login_required
def edit(request, pk):
    adaptation = found(selectors.adaptation_for_owner(pk, request.user), "adaptation")
    if not adaptation.editable:
        messages.info(request, "This work is waiting for review or published; it is read-only.")
        return redirect(adaptation.get_absolute_url())
    choice = adaptation_allowed_licenses(adaptation)
    initial = {
        "title": adaptation.title,
        "description": adaptation.description,
        "grades": adaptation.grades,
        "body": adaptation.body,
        "changes_summary": adaptation.changes_summary,
        "standards": standards_adapter.codes_text(adaptation.alignments),
        "license": str(adaptation.license_id or (choice.preselected.pk if choice.ok else "")),
    }
    form = AdaptationForm(request.POST or None, initial=initial, licenses=choice.allowed)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["alignments"] = standards_adapter.parse_codes(
            data.pop("standards"), adaptation.alignments
        )
        try:
            adaptation_update(adaptation, **data)
        except TeacherError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved.")
            return redirect(adaptation.get_absolute_url())
    return render(
        request,
        "teachers/adaptation_form.html",
        {
            "adaptation": adaptation,
            "form": form,
            "choice": choice,
            "closest": choice.preselected,
            "new": request.GET.get("new") == "1",
        },
    )


@login_required
@require_POST
def change_action(request, pk, change_id, action):
    """Pull a source's change into the fork, or dismiss it (owner only)."""
    change = found(selectors.change_for_owner(pk, change_id, request.user), "change")
    try:
        if action == "pull":
            upstream_change_pull(
                change, replace_own_edit=request.POST.get("replace_own_edit") == "1"
            )
            messages.success(request, f"Pulled the new {change.field} from the original.")
        elif action == "dismiss":
            upstream_change_dismiss(change)
            messages.success(request, f"Kept your {change.field}.")
        else:
            raise Http404("No such action")
    except TeacherError as error:
        messages.error(request, str(error))
    return redirect(f"/adaptations/{pk}/#changes")


@login_required
@require_POST
def submit(request, pk):
    adaptation = found(selectors.adaptation_for_owner(pk, request.user), "adaptation")
    try:
        adaptation_submit(adaptation)
    except TeacherError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Submitted. A curator will review it.")
    return redirect(adaptation.get_absolute_url())


@login_required
@require_POST
def discard(request, pk):
    """Cancel on a just-created work: remove the draft and go back to where it started."""
    adaptation = found(selectors.adaptation_for_owner(pk, request.user), "adaptation")
    sources = _source_materials(adaptation)
    try:
        adaptation_discard(adaptation)
    except TeacherError as error:
        messages.error(request, str(error))
        return redirect(adaptation.get_absolute_url())
    messages.info(request, "Cancelled: nothing was saved.")
    if len(sources) == 1:
        return redirect(sources[0].get_absolute_url())
    if sources:
        query = "&".join(f"m={quote(m.slug)}" for m in sources)
        return redirect(f"{reverse('teachers:remix')}?{query}")
    return redirect("teachers:dashboard")


@login_required
@require_POST
def delete(request, pk):
    adaptation = found(selectors.adaptation_for_owner(pk, request.user), "adaptation")
    try:
        adaptation_delete(adaptation)
    except TeacherError as error:
        messages.error(request, str(error))
        return redirect(adaptation.get_absolute_url())
    messages.success(request, "Deleted.")
    return redirect("teachers:dashboard")
