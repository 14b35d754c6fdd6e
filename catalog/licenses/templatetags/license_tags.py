"""``{% load license_tags %}{% license_block material %}``: a material's license, its bucket,
a visible mark when the license is unresolved, ambiguous or inferred, and the TASL attribution.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from catalog.licenses import rules
from catalog.licenses.resolver import EXACT, resolve

register = template.Library()


@register.inclusion_tag("licenses/includes/license_block.html")
def license_block(material):
    lic = getattr(material, "license", None)
    res = resolve(getattr(material, "license_raw", "") or "")
    if lic is None:
        status, note = "unresolved", res.reason
    elif res.license is not None and res.license.pk == lic.pk and res.confidence != EXACT:
        status, note = res.confidence, res.reason
    else:
        status, note = "", ""
    bucket = rules.bucket(lic)
    attribution = rules.attribution(rules.Work.from_material(material))
    return {
        "license": lic,
        "license_raw": getattr(material, "license_raw", ""),
        "status": status,
        "note": note,
        "bucket": bucket,
        "bucket_label": rules.BUCKETS[bucket],
        "attribution_html": mark_safe(attribution.html),  # noqa: S308 - built with escape() in rules
        "attribution_text": attribution.text,
    }
