"""Turn what a teacher types into parts both engines use the same way.

"fractions 3rd grade 3.NF.A.1" → words ("fractions"), grades ("3") and standard codes
("3.nf.a.1"). Both engines then AND the words (each with typo tolerance), filter the grades as a
range and match the codes exactly against the normalised codes of aligned standards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.materials.grades import K12_CODES, grade_number

# Short English function words: dropped so "lessons for fractions" needs only content words.
STOP_WORDS = frozenset(
    "a an and are as at be by for from how i in into is it of on or the to with what about "
    "my our your teach teaching".split()
)

# A standard code: dotted (3.NF.A.1, CCSS.Math.Content.3.NF.A.1, RL.3.1) or NGSS (HS-LS1-1).
_CODE = re.compile(
    r"(?<![\w.])(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){2,}|(?:K|[1-5]|MS|HS)-[A-Za-z]{2,4}\d-\d+)"
    r"(?![\w.])"
)
# Leading segments of a code that only name the framework, not the standard.
_CODE_PREFIXES = frozenset(
    {"ccss", "math", "content", "practice", "ela-literacy", "ela", "literacy", "ngss"}
)
_GRADE_MENTION = re.compile(
    r"\b(?:grades?\s*(k|\d{1,2})(?:\s*(?:-|–|to)\s*(k|\d{1,2}))?"
    r"|(\d{1,2})(?:st|nd|rd|th)[\s-]*grade(?:rs?)?"
    r"|(kindergarten))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_code(code: str) -> str:
    """One spelling per standard: lower case, framework prefix dropped.

    ``CCSS.Math.Content.3.NF.A.1`` and ``3.NF.A.1`` both become ``3.nf.a.1``.
    """
    parts = [p for p in code.strip().lower().split(".") if p]
    while len(parts) > 2 and parts[0] in _CODE_PREFIXES:
        parts.pop(0)
    return ".".join(parts)


def code_keys(codes) -> list[str]:
    return sorted({normalize_code(c) for c in codes if c and c.strip()})


def _grade_codes(lo: str, hi: str | None) -> list[str]:
    a = grade_number(lo.upper())
    b = grade_number(hi.upper()) if hi else a
    if a is None or b is None or not (-1 <= a <= b <= 12):
        return []
    return [c for c in K12_CODES if a <= (grade_number(c) or 0) <= b]


@dataclass(frozen=True)
class ParsedText:
    words: tuple[str, ...]
    codes: tuple[str, ...]
    grades: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.words or self.codes or self.grades)


def parse_text(text: str) -> ParsedText:
    text = text or ""
    codes = tuple(dict.fromkeys(normalize_code(m.group(0)) for m in _CODE.finditer(text)))
    text = _CODE.sub(" ", text)
    grades: list[str] = []
    for m in _GRADE_MENTION.finditer(text):
        if m.group(4):
            grades += ["K"]
        elif m.group(3):
            grades += _grade_codes(m.group(3), None)
        else:
            grades += _grade_codes(m.group(1), m.group(2))
    text = _GRADE_MENTION.sub(" ", text)
    words = [w.lower() for w in _WORD.findall(text)]
    content = [w for w in words if w not in STOP_WORDS]
    return ParsedText(
        words=tuple(dict.fromkeys(content or words)),
        codes=codes,
        grades=tuple(dict.fromkeys(grades)),
    )


def fuzziness(word: str) -> int:
    """Edits allowed for a typo, as Elasticsearch's ``AUTO``: 0 up to 2 chars, 1 up to 5, else 2."""
    n = len(word)
    return 0 if n <= 2 else 1 if n <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
