"""Words people read: facet titles, value labels and the plain-words licence badge."""

from __future__ import annotations

import re

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


_GUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)


def display_codes(codes: list[str], limit: int | None = 6) -> list[str]:
    """The standard codes a person reads on a result, from the many spellings the index holds
    for matching (URIs, GUIDs, lower-case keys, prefixed identifiers, the same statement with
    and without its cluster letter): short human codes, each statement once, as the
    framework writes them (``3.NF.A.1``, not ``3.nf.a.1``, ``3.NF.1`` or a URI)."""
    candidates = [
        c
        for c in codes
        if "://" not in c and not _GUID.match(c) and not c.upper().startswith("CCSS.")
    ]
    chosen: dict[str, str] = {}
    for code in sorted(candidates, key=lambda c: (c != c.upper() and c == c.lower(), c)):
        key = code.casefold()
        if key not in chosen:
            chosen[key] = code
    # 3.NF.1 is 3.NF.A.1 written without its cluster letter: keep the full one.
    shortened = {_without_cluster(c).casefold() for c in chosen.values() if _without_cluster(c)}
    shown = [c for c in chosen.values() if c.casefold() not in shortened]
    return sorted(shown, key=_natural)[:limit]


def _without_cluster(code: str) -> str:
    """``3.NF.1`` for ``3.NF.A.1`` and ``3.NF.2.a`` for ``3.NF.A.2.a`` (grade, domain, cluster
    letter, standard, part); "" when the code has no cluster letter."""
    parts = code.split(".")
    for i in range(2, len(parts) - 1):
        cluster = parts[i]
        if len(cluster) == 1 and cluster.isalpha() and cluster.isupper() and parts[i + 1].isdigit():
            return ".".join(parts[:i] + parts[i + 1 :])
    return ""


def _natural(code: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]
