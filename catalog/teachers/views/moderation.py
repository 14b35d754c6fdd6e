"""Curators approve teachers' submissions (they become catalog Materials) or send them back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms import ModerationForm
from ..services.errors import TeacherError
from ..services.moderation import adaptation_approve, adaptation_send_back, can_moderate


def _curator(request):
    if not can_moderate(request.user):
        raise PermissionDenied("Only curators moderate submissions.")


@login_required
def queue(request):
    _curator(request)
    return render(
        request,
        "teachers/moderation_queue.html",
        {"adaptations": selectors.adaptations_awaiting_review(), "form": ModerationForm()},
    )


@login_required
@require_POST
def decide(request, pk):
    _curator(request)
    adaptation = selectors.adaptations_awaiting_review().filter(pk=pk).first()
    if adaptation is None:
        raise Http404("Nothing to review here")
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or send back.")
        return redirect("teachers:moderation")
    try:
        if form.cleaned_data["decision"] == "approve":
            material = adaptation_approve(adaptation, request.user)
            messages.success(request, f"Published “{material.title}”.")
        else:
            adaptation_send_back(adaptation, request.user, form.cleaned_data["comment"])
            messages.success(request, "Sent back to the teacher.")
    except TeacherError as error:
        messages.error(request, str(error))
    return redirect("teachers:moderation")
