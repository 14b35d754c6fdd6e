from django import template

register = template.Library()


@register.filter
def effective(material, field: str):
    """``{{ material|effective:"title" }}``: the curator's value if set, else the source's."""
    return material.effective(field)


@register.filter
def grade_labels(codes) -> str:
    """``["K", "1", "adult-education"]`` → ``"Kindergarten, Grade 1, Adult education"``."""
    from catalog.materials.grades import LABELS

    return ", ".join(LABELS.get(code, code) for code in codes or [])
