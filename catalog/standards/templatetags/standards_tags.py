"""Template helpers for the standards pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or an empty list (the framework tree's children by parent id)."""
    return mapping.get(key, []) if mapping else []


@register.filter
def shorten(text, limit: int = 160) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut
    (a statement cut mid-word reads as a typo)."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


GRADE_WORDS = {"PK": "Pre-K", "K": "Kindergarten", "HS": "High school", "AE": "Adult education"}


@register.filter
def grade_words(levels) -> str:
    """Education levels as words: ["03", "04"] → "Grades 3–4", ["K"] → "Kindergarten"."""
    names, numbers = [], []
    for level in levels or []:
        value = str(level).strip()
        if value.isdigit():
            numbers.append(int(value))
        elif value:
            names.append(GRADE_WORDS.get(value.upper(), value))
    if numbers:
        low, high = min(numbers), max(numbers)
        names.append(f"Grade {low}" if low == high else f"Grades {low}–{high}")
    return ", ".join(names)


CROSSWALK_WORDS = {"exact": "Same standard", "related": "Related standard"}


@register.filter
def crosswalk_words(kind: str) -> str:
    """A crosswalk kind in words ("exact" → "Same standard")."""
    return CROSSWALK_WORDS.get(kind, str(kind).replace("_", " ").capitalize())
