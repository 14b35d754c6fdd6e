"""Words people read: facet titles, value labels and the plain-words licence badge."""

from __future__ import annotations

from catalog import vocabulary
from catalog.materials.grades import grade_number

FACET_TITLES = {
    "subject": "Subject",
    "grade": "Grade",
    "resource_type": "Resource type",
    "license_bucket": "What you may do",
    "license": "License",
    "language": "Language",
    "provider": "Provider",
    "framework": "Standards framework",
    "standard": "Standard",
    "accessibility": "Accessibility",
    "approved_list": "On an approved list",
}
LANGUAGES = vocabulary.LANGUAGES


def value_label(facet: str, value: str) -> str:
    """Words for a facet value, from the catalog's one vocabulary."""
    return vocabulary.label(facet, value)


def grade_summary(grades) -> str:
    """ "Grades 3–5", "Kindergarten", "Grade 9 – College upper division"…"""
    return vocabulary.grade_summary(grades)


# Values a facet shows before "Show more"; ticked values are always among those shown.
FACET_SHOWN = 8


def _grade_key(value: str) -> tuple:
    """School order: PreK, K, 1 … 12, then post-secondary bands; unknown codes last."""
    n = grade_number(value)
    return (n is None, n if n is not None else 0, value)


def facet_values_ordered(facet: str, values: list[dict]) -> list[dict]:
    """Grades in school order; every other facet as the engine gave it (by count)."""
    if facet == "grade":
        return sorted(values, key=lambda v: _grade_key(v["value"]))
    return list(values)


def facet_split(values: list[dict], shown: int = FACET_SHOWN) -> tuple[list[dict], list[dict]]:
    """(values shown at once, values behind "Show more"), keeping the order given.

    A ticked value is never hidden: those past the first ``shown`` join the first part, so a
    person always sees (and can untick) what filters the results."""
    first = [v for i, v in enumerate(values) if i < shown or v["selected"]]
    rest = [v for i, v in enumerate(values) if i >= shown and not v["selected"]]
    return first, rest


def materials_count(count: int) -> str:
    """ "1 material", "12 materials": the words a screen reader says after a facet value."""
    return f"{count:,} material{'s' if count != 1 else ''}"
