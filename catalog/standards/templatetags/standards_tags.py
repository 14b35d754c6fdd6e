"""Template helpers for the standards pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or an empty list (the framework tree's children by parent id)."""
    return mapping.get(key, []) if mapping else []
