"""Grade levels: codes, bands as the sources name them, and the numeric range search uses.

Codes: "PK", "K", "1" … "12", then post-secondary bands. Numbers: PK = -1, K = 0, grade n = n,
post-secondary = 13 (community college / lower division), 14 (upper division), 15 (graduate),
adult education = 16. A material's range lets "grade 3" find a K-5 material.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

K12_CODES = ["PK", "K"] + [str(n) for n in range(1, 13)]
POSTSECONDARY = {
    "community-college": 13,
    "career-technical": 13,
    "college-upper-division": 14,
    "graduate-professional": 15,
    "adult-education": 16,
}
LABELS = {
    "PK": "Pre-K",
    "K": "Kindergarten",
    **{str(n): f"Grade {n}" for n in range(1, 13)},
    "community-college": "Community college / lower division",
    "career-technical": "Career and technical",
    "college-upper-division": "College upper division",
    "graduate-professional": "Graduate / professional",
    "adult-education": "Adult education",
}

# Band names used by OER Commons, LRMI educationalLevel and LOM typicalAgeRange / context.
BANDS: dict[str, list[str]] = {
    "preschool": ["PK"],
    "pre-k": ["PK"],
    "prekindergarten": ["PK"],
    "kindergarten": ["K"],
    "lower-primary": ["K", "1", "2"],
    "upper-primary": ["3", "4", "5"],
    "elementary": ["K", "1", "2", "3", "4", "5"],
    "elementary-school": ["K", "1", "2", "3", "4", "5"],
    "primary": ["K", "1", "2", "3", "4", "5"],
    "middle-school": ["6", "7", "8"],
    "high-school": ["9", "10", "11", "12"],
    "secondary": ["6", "7", "8", "9", "10", "11", "12"],
    "community-college-lower-division": ["community-college"],
    "higher-education": ["community-college", "college-upper-division"],
    "career-technical": ["career-technical"],
    "college-upper-division": ["college-upper-division"],
    "graduate-professional": ["graduate-professional"],
    "adult-education": ["adult-education"],
}

_GRADE_WORD = re.compile(r"^(?:grade[-\s]*)?(\d{1,2})(?:st|nd|rd|th)?(?:[-\s]*grade)?$")
_RANGE = re.compile(r"^(?:grades?\s*)?(k|pk|\d{1,2})\s*(?:-|–|to)\s*(k|\d{1,2})$")


def grade_number(code: str) -> int | None:
    if code == "PK":
        return -1
    if code == "K":
        return 0
    if code.isdigit():
        return int(code)
    return POSTSECONDARY.get(code)


def _single(token: str) -> list[str]:
    t = token.strip().lower().replace("_", "-")
    if not t:
        return []
    if t in BANDS:
        return list(BANDS[t])
    if t in {"k", "kg"}:
        return ["K"]
    if t in {"pk", "prek", "pre-kindergarten"}:
        return ["PK"]
    if m := _GRADE_WORD.match(t):
        n = int(m.group(1))
        return [str(n)] if 1 <= n <= 12 else []
    if m := _RANGE.match(t):
        lo, hi = (grade_number(x.upper()) for x in m.groups())
        if lo is not None and hi is not None and lo <= hi <= 12:
            return [c for c in K12_CODES if lo <= (grade_number(c) or 0) <= hi]
    return []


def parse_grades(values: Iterable[str]) -> list[str]:
    """Grade codes from any mix of band names, "grade-3", "3", "K-5"; ordered, no repeats."""
    found: set[str] = set()
    for value in values:
        found.update(_single(value))
    return sorted(found, key=lambda c: (grade_number(c) is None, grade_number(c) or 0, c))


def grade_range(codes: Iterable[str]) -> tuple[int | None, int | None]:
    numbers = [n for n in (grade_number(c) for c in codes) if n is not None]
    if not numbers:
        return None, None
    return min(numbers), max(numbers)
