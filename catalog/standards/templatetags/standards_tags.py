"""Template helpers for the standards pages."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


# Frameworks imported from an ASN manifest file are named after the file ("CC-reading"): the
# names people know them by.
FRAMEWORK_NAMES = {
    "cc-reading": "Common Core State Standards for English Language Arts & Literacy (ASN)",
    "cc-math": "Common Core State Standards for Mathematics (ASN)",
}


@register.filter
def framework_name(framework) -> str:
    """The framework's title as a person would recognise it."""
    title = framework if isinstance(framework, str) else getattr(framework, "title", "") or ""
    return FRAMEWORK_NAMES.get(title.strip().lower(), title)


@register.simple_tag
def standards_tree(nodes, children) -> str:
    """The framework's items as nested lists: each item a link (code, then its statement cut at
    a word), its children under a ``<details>`` whose summary holds no link. Built in one pass
    in Python: a recursive ``{% include %}`` cost about half a millisecond per item, and
    frameworks have up to 2,000."""
    item_url = reverse("standards:item", args=[0])[: -len("0/")]
    out: list[str] = []

    def walk(level):
        out.append("<ul>")
        for node in level:
            code = node.human_coding_scheme
            text = shorten(node.statement, 160)
            label = (f"<strong>{escape(code)}</strong> " if code else "") + escape(text)
            out.append(f'<li><a href="{item_url}{node.pk}/">{label.strip()}</a>')
            kids = children.get(node.pk)
            if kids:
                within = f"within {escape(code)}" if code else "below"
                out.append(f"<details><summary>{len(kids)} {within}</summary>")
                walk(kids)
                out.append("</details>")
            out.append("</li>")
        out.append("</ul>")

    walk(nodes)
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
