"""``{% load open_definition %}``: whether a licence counts as open under the configured OER
definition (``OER_OPEN_DEFINITION``), and that definition in words, for pages that must agree
with the home page's count of open materials."""

from __future__ import annotations

from django import template
from django.conf import settings

from catalog.licenses import rules, vocabulary

register = template.Library()


@register.filter
def counts_as_open(license) -> bool:
    return rules.is_open(license)


@register.simple_tag
def open_definition_label() -> str:
    definition = getattr(settings, "OER_OPEN_DEFINITION", rules.REUSE_ADAPT)
    return vocabulary.OPEN_DEFINITION_LABELS.get(definition, definition)
