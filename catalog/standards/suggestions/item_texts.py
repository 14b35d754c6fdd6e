"""Which items of a framework can be suggested, and the text embedded for each.

A bare statement ("Understand a fraction 1/b as the quantity formed by 1 part…") says less
than its place in the tree does, so the embedded text is the item's grade, its ancestors'
statements (domain > cluster) and its own statement and code:
"Grade 3. Number and Operations—Fractions > Develop understanding of fractions as numbers >
Understand a fraction 1/b … (3.NF.A.1)".

Copies of one standard in several frameworks (the CASE, ASN and official-identifier copies of
Common Core Math share a CCSS key) are one candidate; its representative is the copy with a
statement and a CCSS dot code, then the one curators and harvests aligned most materials to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from catalog.materials.grades import grade_number

from ..codes import short_code
from ..models import Alignment, StandardCode, StandardItem
from .phrases import phrases_for

# Headings, never aligned to: domains, clusters, grade levels, strands.
HEADING_TYPES = {"domain", "cluster", "grade level", "strand", "disciplinary core idea", "grade"}
MAX_DEPTH_SCAN = 12
_CCSS_GRADE = re.compile(r"^(K|\d{1,2})\.", re.I)
# The Standards for Mathematical Practice (MP1, MP.1) apply from kindergarten to grade 12,
# whatever grade one copy of the framework files them under (the CASE copy says "KG").
_PRACTICE = re.compile(r"^(?:CCSS\.Math\.Practice\.)?MP\.?[1-8]$", re.I)


@dataclass(frozen=True)
class Candidate:
    """One suggestible standard: the item to align to, the code shown, the embedded text."""

    item_id: int
    framework_id: int
    code: str
    statement: str
    text: str
    grade_low: int | None
    grade_high: int | None
    key: str  # CCSS key (or "item:<id>"): what identifies the standard across copies
    member_ids: tuple[int, ...]  # every copy's item id (alignments to any count as this one)
    phrases: tuple[str, ...] = ()  # how teachers name its skill (phrases.py)


def display_code(human: str, identifier: str = "") -> str:
    """The code people write: ``3.NF.A.1`` for ``CCSS.Math.Content.3.NF.A.1``, else the item's
    own human code, else its identifier."""
    return short_code(human) or human or identifier


def _level_number(level: str) -> int | None:
    value = (level or "").strip().upper()
    if value in ("KG", "K"):
        return 0
    if value in ("PK", "PREK"):
        return -1
    if value.isdigit():
        return int(value)
    return grade_number(value)


def item_grades(code: str, levels: Iterable[str]) -> tuple[int | None, int | None]:
    """The grade range of an item: from a CCSS code ("3.NF…" → 3; "HS…" → 9–12; the
    practices "MP1"… → K–12), else from its education levels."""
    if code.upper().startswith("HS"):
        return 9, 12
    if _PRACTICE.match(code.strip()):
        return 0, 12
    match = _CCSS_GRADE.match(code)
    if match:
        grade = 0 if match.group(1).upper() == "K" else int(match.group(1))
        return grade, grade
    numbers = [n for n in (_level_number(v) for v in levels or []) if n is not None]
    return (min(numbers), max(numbers)) if numbers else (None, None)


def grade_label(low: int | None, high: int | None) -> str:
    def name(n: int) -> str:
        return "Kindergarten" if n == 0 else "Pre-K" if n < 0 else f"Grade {n}"

    if low is None or high is None:
        return ""
    if low == high:
        return name(low)
    if (low, high) == (9, 12):
        return "High school"
    if low > 0:
        return f"{name(low)} to {high}"
    return f"{name(low)} to {'kindergarten' if high == 0 else f'grade {high}'}"


def item_text(
    statement: str, ancestors: Iterable[str], code: str, grades: tuple[int | None, int | None]
) -> str:
    """The text embedded for an item (see the module docstring)."""
    path = [a.strip() for a in ancestors if a and a.strip()]
    body = " > ".join([*path, statement.strip()])
    label = grade_label(*grades)
    text = f"{label}. {body}" if label else body
    return f"{text} ({code})" if code else text


def word_text(candidate: Candidate) -> str:
    """The text the word index (BM25) reads for a candidate: its item text and its teacher
    phrases, so a title's words ("unit fractions", "tape diagram") find the standard."""
    return " ".join([candidate.text, *candidate.phrases])


def phrase_rows(candidates: Iterable[Candidate]) -> tuple[list[str], list[int]]:
    """Every candidate's phrases in one list, and the candidate index of each."""
    texts, owners = [], []
    for row, candidate in enumerate(candidates):
        texts += candidate.phrases
        owners += [row] * len(candidate.phrases)
    return texts, owners


def _is_heading(item: StandardItem, has_children: bool) -> bool:
    kind = (item.item_type or "").strip().lower()
    if kind in HEADING_TYPES:
        return True
    if kind:
        return False
    # Untyped (ASN trees): a heading is an inner node without a code.
    return has_children and not item.human_coding_scheme


def framework_candidates(framework_ids: Iterable[int]) -> list[Candidate]:
    """Every suggestible item of the frameworks, copies merged, in a stable order."""
    ids = sorted(set(framework_ids))
    rows = list(
        StandardItem.objects.filter(framework_id__in=ids, retired=False).only(
            "pk",
            "framework_id",
            "human_coding_scheme",
            "identifier",
            "statement",
            "abbreviated_statement",
            "item_type",
            "education_levels",
            "parent_id",
            "depth",
        )
    )
    by_pk = {i.pk: i for i in rows}
    parents = {i.parent_id for i in rows if i.parent_id}
    keys = dict(
        StandardCode.objects.filter(item_id__in=by_pk, kind="ccss_key").values_list(
            "item_id", "code"
        )
    )
    aligned = Counter(
        Alignment.objects.filter(item_id__in=by_pk).values_list("item__framework_id", flat=True)
    )
    groups: dict[str, list[StandardItem]] = defaultdict(list)
    for item in rows:
        if not (item.statement or "").strip() or _is_heading(item, item.pk in parents):
            continue
        groups[keys.get(item.pk) or f"item:{item.pk}"].append(item)
    # Copies without a statement (official identifiers) still join their group's members.
    members: dict[str, list[int]] = defaultdict(list)
    for item in rows:
        members[keys.get(item.pk) or f"item:{item.pk}"].append(item.pk)

    def preference(item: StandardItem):
        return (
            not short_code(item.human_coding_scheme),
            -aligned.get(item.framework_id, 0),
            item.framework_id,
            item.pk,
        )

    candidates = []
    for key, items in groups.items():
        best = min(items, key=preference)
        dotted = next(
            (short_code(i.human_coding_scheme) for i in items if short_code(i.human_coding_scheme)),
            "",
        )
        code = dotted or display_code(best.human_coding_scheme, best.identifier)
        # Copies may file one standard under different grades: their union counts.
        grades = item_grades(code, [v for i in items for v in i.education_levels or []])
        ancestors, node, seen = [], by_pk.get(best.parent_id), 0
        while node is not None and seen < MAX_DEPTH_SCAN:
            ancestors.append(node.statement or node.abbreviated_statement)
            node, seen = by_pk.get(node.parent_id), seen + 1
        candidates.append(
            Candidate(
                item_id=best.pk,
                framework_id=best.framework_id,
                code=code,
                statement=best.statement.strip(),
                text=item_text(best.statement, reversed(ancestors), code, grades),
                grade_low=grades[0],
                grade_high=grades[1],
                key=key,
                member_ids=tuple(sorted(members[key])),
                phrases=phrases_for(code),
            )
        )
    candidates.sort(key=lambda c: (c.framework_id, c.item_id))
    return candidates


def material_text(
    title: str, description: str, keywords: Iterable[str] = (), words: int = 120
) -> str:
    """The text embedded for a material: title, the start of its description, keywords."""
    parts = [(title or "").strip()]
    desc = " ".join((description or "").split()[:words])
    if desc:
        parts.append(desc)
    kws = ", ".join(k.strip() for k in keywords or [] if k and k.strip())
    if kws:
        parts.append(f"Keywords: {kws}")
    return ". ".join(p for p in parts if p)
