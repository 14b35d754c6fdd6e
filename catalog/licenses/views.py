"""Public license pages and the JSON API (thin: parse the query, call selectors and rules).

Pages: ``/licenses/`` (the registry by family, with each license's bucket) and
``/licenses/<key>/`` (plain words, flags, deed and legal code, material count).
API: ``/api/v1/licenses/``, ``/api/v1/licenses/resolve?value=…``,
``/api/v1/licenses/compatibility?license=…&license=…``.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import rules, selectors
from .models import License, LicenseFamily
from .resolver import MAX_LENGTH, resolve

MAX_COMPATIBILITY_SOURCES = 20


def _plain_words(lic: License) -> list[str]:
    """What a teacher may do, one sentence each."""
    if lic.public_domain:
        return ["No known copyright restrictions: copy, share, adapt and sell it, no conditions."]
    if lic.family in ("arr", "custom"):
        return [
            "You may use it as published. Ask the owner before copying, sharing or adapting it."
        ]
    words = ["You may copy and share it in any medium or format."]
    if lic.no_derivatives:
        words.append("You may not share adapted versions (NoDerivatives).")
    else:
        words.append("You may adapt it: remix, transform and build on it.")
    if lic.requires_attribution:
        words.append("You must give credit: title, author, source and license (TASL).")
    if lic.non_commercial:
        words.append("You may not use it for commercial purposes (NonCommercial).")
    if lic.share_alike:
        words.append("Adaptations must carry the same license or a compatible one (ShareAlike).")
    if lic.version_unknown:
        words.append("The version is unknown: check the source for the exact license.")
    return words


def _license_dict(lic: License, counts: dict[int, int] | None = None) -> dict:
    out = {
        "id": lic.key,
        "spdx_id": lic.spdx_id or None,
        "title": lic.title,
        "short_name": lic.short_name,
        "uri": lic.uri or None,
        "deed_url": lic.deed_url or None,
        "legalcode_url": lic.legalcode_url or None,
        "family": lic.family,
        "code": lic.code,
        "version": lic.version or None,
        "jurisdiction": lic.jurisdiction or None,
        "flags": {
            "attribution": lic.requires_attribution,
            "share_alike": lic.share_alike,
            "non_commercial": lic.non_commercial,
            "no_derivatives": lic.no_derivatives,
            "public_domain": lic.public_domain,
        },
        "deprecated": lic.deprecated,
        "bucket": rules.bucket(lic),
        "open": rules.is_open(lic),
    }
    if counts is not None:
        out["materials"] = counts.get(lic.pk, 0)
    return out


def license_list(request):
    counts = selectors.license_material_counts()
    licenses = list(License.objects.all())
    groups = []
    for value, label in LicenseFamily.choices:
        rows = [
            {"license": lic, "bucket": rules.bucket(lic), "materials": counts.get(lic.pk, 0)}
            for lic in licenses
            if lic.family == value
        ]
        if rows:
            rows.sort(key=lambda r: (-r["materials"], r["license"].key))
            groups.append({"label": label, "rows": rows})
    return TemplateResponse(
        request, "licenses/license_list.html", {"groups": groups, "buckets": rules.BUCKETS}
    )


def license_detail(request, key: str):
    lic = selectors.license_get(key)
    if lic is None:
        raise Http404("No such license")
    bucket = rules.bucket(lic)
    context = {
        "license": lic,
        "bucket": bucket,
        "bucket_label": rules.BUCKETS[bucket],
        "open": rules.is_open(lic),
        "plain_words": _plain_words(lic),
        "materials": selectors.license_material_counts().get(lic.pk, 0),
    }
    return TemplateResponse(request, "licenses/license_detail.html", context)


@require_GET
def api_license_list(request):
    counts = selectors.license_material_counts()
    return JsonResponse({"licenses": [_license_dict(lic, counts) for lic in License.objects.all()]})


@require_GET
def api_resolve(request):
    value = request.GET.get("value", "")
    if len(value) > MAX_LENGTH:
        return JsonResponse({"error": f"value is longer than {MAX_LENGTH} characters"}, status=400)
    res = resolve(value)
    return JsonResponse(
        {
            "input": value,
            "license": _license_dict(res.license) if res.license else None,
            "confidence": res.confidence,
            "reason": res.reason,
        }
    )


@require_GET
def api_compatibility(request):
    values = request.GET.getlist("license")
    if not values:
        return JsonResponse({"error": "give one or more license= parameters"}, status=400)
    if len(values) > MAX_COMPATIBILITY_SOURCES:
        return JsonResponse({"error": f"at most {MAX_COMPATIBILITY_SOURCES} licenses"}, status=400)
    sources, errors = [], []
    for value in values:
        res = resolve(value[: MAX_LENGTH + 1])
        if res.license is None:
            errors.append({"input": value[:200], "reason": res.reason})
        else:
            sources.append(rules.LicenseTerms.of(res.license, label=value[:200]))
    if errors:
        return JsonResponse({"error": "unresolved licenses", "unresolved": errors}, status=400)
    return JsonResponse(rules.compatibility(sources).as_dict())
