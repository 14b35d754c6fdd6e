"""The curator review queue in the Wagtail admin (thin: parse the form, call a service).

Lists each distinct license string that resolves to no License, with how many materials carry
it; a curator names the license (a key, URL or any string that resolves exactly) once and the
mapping applies to every material with that string and to later harvests.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from . import selectors, services
from .models import License
from .resolver import EXACT, resolve

PERMISSION = "licenses.add_licensemapping"


def _chosen_license(value: str) -> tuple[License | None, str]:
    value = value.strip()
    lic = selectors.license_get(value)
    if lic is not None:
        return lic, ""
    res = resolve(value)
    if res.license is not None and res.confidence == EXACT:
        return res.license, ""
    return (
        None,
        f"{value!r} does not name one license ({res.reason}); "
        "give a registry key such as CC-BY-SA-4.0",
    )


def review_queue(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        raw = request.POST.get("raw", "")
        lic, error = _chosen_license(request.POST.get("license", ""))
        if error or not raw.strip():
            messages.error(request, error or "No license string given.")
        else:
            _, changed = services.license_mapping_set(
                raw, lic, user=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, f"{raw!r} now means {lic} ({changed} materials updated).")
        return redirect("licenses_review_queue")
    items = selectors.unresolved_license_strings(limit=500)
    return TemplateResponse(
        request,
        "licenses/admin/review_queue.html",
        {
            "page_title": "License review queue",
            "header_icon": "warning",
            "items": items,
            "total_materials": sum(i.materials for i in items),
        },
    )
