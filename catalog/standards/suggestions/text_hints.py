"""What a text says outright about its standards: the grades it names ("3rd grade",
"grades 6-8", "high school") and the Common Core codes it cites ("3.NF.A.1",
"CCSS.MATH.CONTENT.7.RP.A.2"). Lesson plans often do both; exercises often name a grade.
"""

from __future__ import annotations

import re

_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_GRADE_RANGE = re.compile(
    rf"\bgrades?\s*(k|{_ORDINAL})\s*(?:-|–|to|through)\s*{_ORDINAL}\b", re.IGNORECASE
)
_GRADE_ONE = re.compile(rf"\b(?:grade\s*{_ORDINAL}|{_ORDINAL}[\s-]*grade)\b", re.IGNORECASE)
_BANDS = (
    (re.compile(r"\bkindergarten\b", re.IGNORECASE), (0, 0)),
    (re.compile(r"\b(?:elementary|primary) school\b", re.IGNORECASE), (0, 5)),
    (re.compile(r"\bmiddle school\b", re.IGNORECASE), (6, 8)),
    (re.compile(r"\bhigh school\b", re.IGNORECASE), (9, 12)),
)
_CODE = re.compile(
    r"\b(?:CCSS\.MATH\.CONTENT\.)?((?:K|[1-8])\.[A-Z]{1,3}\.[A-Z]\.\d{1,2}[a-e]?"
    r"|HS[A-Z]{1,2}-[A-Z]{2,4}\.[A-Z]\.\d{1,2}[a-e]?)\b",
    re.IGNORECASE,
)


def grades_in_text(text: str) -> tuple[int | None, int | None]:
    """The grade range a text names (K = 0), or (None, None). Several mentions: their span."""
    found: list[int] = []
    for match in _GRADE_RANGE.finditer(text or ""):
        low = 0 if match.group(1).lower() == "k" else int(match.group(2))
        found += [low, int(match.group(3))]
    for match in _GRADE_ONE.finditer(text or ""):
        found.append(int(match.group(1) or match.group(2)))
    for pattern, band in _BANDS:
        if pattern.search(text or ""):
            found += list(band)
    found = [n for n in found if 0 <= n <= 12]
    return (min(found), max(found)) if found else (None, None)


def codes_in_text(text: str) -> set[str]:
    """Common Core Math codes the text cites, as the short dotted code (``3.NF.A.1``)."""
    return {_lower_letter(m.group(1).upper()) for m in _CODE.finditer(text or "")}


def _lower_letter(code: str) -> str:
    """``3.NF.A.1A`` → ``3.NF.A.1a``: sub-standards are written with a lower-case letter."""
    return re.sub(r"(\d)([A-E])$", lambda m: m.group(1) + m.group(2).lower(), code)
