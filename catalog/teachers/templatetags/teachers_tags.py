"""``{% material_actions material %}``: the teacher actions and lineage of a material, for the
material page (no view change needed: the tag reads ``request`` from the context)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from catalog import vocabulary

from .. import exports, licensing, selectors

register = template.Library()


@register.filter
def grade_words(grades) -> str:
    """Grade codes as words: ["3", "4", "5"] → "Grades 3–5"."""
    return vocabulary.grade_summary(grades or [])


@register.inclusion_tag("teachers/material_actions.html", takes_context=True)
def material_actions(context, material):
    request = context.get("request")
    user = getattr(request, "user", None)
    decision = licensing.adaptation_decision(material.license)
    if decision.allowed:  # e.g. "CC BY-SA" without a version: adaptable, but under what?
        choice = licensing.license_choice([material.license], [material.effective("title")])
        if not choice.ok:
            decision = licensing.AdaptDecision(False, choice.explanation)
    return {
        "material": material,
        "decision": decision,
        "signed_in": bool(user and user.is_authenticated),
        "login_next": request.get_full_path() if request else "/",
        "lineage": selectors.lineage(material),
        "csrf_token": context.get("csrf_token"),
        "share": getattr(context.get("details"), "share", None),
    }


@register.simple_tag
def material_based_on_jsonld(material):
    """A ``<script type="application/ld+json">`` with ``isBasedOn`` for a published teacher
    adaptation; empty for other materials."""
    chain = selectors.lineage(material)
    if not chain:
        return ""
    data = {
        "@context": "https://schema.org",
        **exports.material_lrmi(material),
        "isBasedOn": exports.based_on(entry["material"] for entry in chain),
    }
    text = exports.script_safe_json(data)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
