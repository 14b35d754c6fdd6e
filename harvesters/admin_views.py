"""Admin views for harvest operators beyond the snippet screens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.snippets.permissions import get_permission_name

from .models import HarvestSource
from .services import harvest_confirm_shrink

CHANGE_SOURCE = get_permission_name("change", HarvestSource)


def confirm_shrink(request, pk: int):
    """Confirm that a source really dropped the records its last complete run did not list
    (GET asks, POST confirms), so complete runs withdraw them again."""
    if not request.user.has_perm(CHANGE_SOURCE):
        raise PermissionDenied("Only harvest operators confirm a shrink.")
    source = get_object_or_404(HarvestSource, pk=pk)
    if request.method == "POST":
        if harvest_confirm_shrink(source, by=request.user.get_username()):
            messages.success(request, f"{source.name}: complete runs may withdraw again.")
        else:
            messages.warning(request, f"{source.name} has no held withdrawals to confirm.")
        return redirect("wagtailsnippets_harvesters_harvestsource:list")
    return TemplateResponse(request, "harvesters/admin/confirm_shrink.html", {"source": source})
