from django import template

register = template.Library()


@register.filter
def effective(material, field: str):
    """``{{ material|effective:"title" }}``: the curator's value if set, else the source's."""
    return material.effective(field)
