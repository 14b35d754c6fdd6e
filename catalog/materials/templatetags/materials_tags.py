from django import template

from catalog.materials.grades import LABELS
from catalog.materials.web_urls import web_url

register = template.Library()


@register.filter
def effective(material, field: str):
    """``{{ material|effective:"title" }}``: the curator's value if set, else the source's."""
    return material.effective(field)


@register.filter
def safe_href(value) -> str:
    """``<a href="{{ url|safe_href }}">``: the URL when it is an absolute http(s) link, else
    "" (so ``{% if %}`` drops the link). Stored URLs are checked on the way in; this guards
    rows written before that check and any path that skipped it."""
    return web_url(value if isinstance(value, str) else "")


@register.filter
def grade_labels(codes) -> str:
    """``["K", "1", "adult-education"]`` → ``"Kindergarten, Grade 1, Adult education"``."""
    return ", ".join(LABELS.get(code, code) for code in codes or [])
