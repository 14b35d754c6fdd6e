"""Suggested alignments: for texts, for materials (the review queue), and curators' decisions.

One write path: an accepted suggestion becomes an alignment through
``catalog.standards.services.alignment_add`` (origin "suggested", the curator, the time), which
announces ``materials_changed`` so search re-indexes the material's standards. A change to the
pending suggestions (queue fill, rejection) is announced too: search can include them.
Nothing is applied without a curator unless a framework's ``suggest_auto_apply_score`` is set
(empty by default).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from catalog.materials.grades import grade_range, parse_grades
from catalog.materials.models import Material
from catalog.materials.signals import announce_materials_changed

from ..models import (
    Alignment,
    AlignmentOrigin,
    AlignmentSuggestion,
    Framework,
    StandardItem,
    SuggestionStatus,
)
from ..services import alignment_add
from .index import embed_cached
from .item_texts import Candidate, framework_candidates, material_text, phrase_rows, word_text
from .lexical import WordIndex
from .rank import Neighbours, PhraseVectors, Ranked, RankParams, grade_arrays, rank
from .text_hints import codes_in_text, grades_in_text

# What bench/alignment_quality.py's grid picks on PhET's and NSDL's links, scoring look-alike
# neighbours, neighbours from the other collection and titles alone (its ``ours-cv`` rows
# give the held-out figures of choosing this way). ``phrase_top`` (the mean of an item's two
# best teacher phrases) is not in the grid: it was measured once against 1 and 3.
DEFAULT_PARAMS = RankParams(
    statement_weight=1.0,
    neighbour_weight=1.0,
    k=10,
    grade_tolerance=0,
    neighbour_power=5.0,
    neighbour_gate=0.3,
    lexical_weight=0.2,
    phrase_weight=1.0,
    phrase_top=2,
)
DEFAULT_TOP = 5


@dataclass(frozen=True)
class Suggestion:
    item_id: int
    code: str
    statement: str
    framework: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "statement": self.statement,
            "framework": self.framework,
            "score": round(self.score, 4),
        }


@dataclass
class SuggestionIndex:
    """Candidates of some frameworks with their vectors, and the aligned materials."""

    framework_ids: tuple[int, ...]
    candidates: list[Candidate]
    vectors: np.ndarray
    low: np.ndarray
    high: np.ndarray
    neighbours: Neighbours
    neighbour_material_ids: list[int]
    neighbour_titles: list[str]
    framework_titles: dict[int, str]
    index_of_item: dict[int, int]  # any copy's item id → candidate index
    words: WordIndex | None = None
    index_of_code: dict[str, int] | None = None  # short code (3.NF.A.1) → candidate index
    phrases: PhraseVectors | None = None  # the candidates' teacher phrases, embedded

    def hints(self, texts: Sequence[str], grades: Sequence[tuple]) -> dict:
        """What ``rank`` needs beyond vectors: word-match scores, the candidates whose code
        each text cites, and grades (the text's own grade words where none were given)."""
        codes = self.index_of_code or {}
        return {
            "lexical": self.words.scores(texts) if self.words is not None else None,
            "mentions": [{codes[c] for c in codes_in_text(t) if c in codes} for t in texts],
            "grades": [
                g if g[0] is not None else grades_in_text(t)
                for t, g in zip(texts, grades, strict=True)
            ],
        }


def frameworks_for(key: str | None = None) -> list[int]:
    """Framework ids for ``--framework KEY``: a pk, an identifier, or words of the title or
    subject ("ccss math", "Next Generation"). Without a key: the frameworks that materials
    are already aligned to (their copies of a standard merge), else every framework."""
    if key:
        key = key.strip()
        if key.isdigit():
            found = list(Framework.objects.filter(pk=int(key)).values_list("pk", flat=True))
        else:
            found = list(Framework.objects.filter(identifier=key).values_list("pk", flat=True))
            if not found:
                words = key.replace("-", " ").replace("ccss", "common core").split()
                query = Q()
                for word in words:
                    query &= Q(title__icontains=word) | Q(subject__icontains=word)
                found = list(Framework.objects.filter(query).values_list("pk", flat=True))
        if not found:
            raise ValueError(f"no framework matches {key!r}")
        return sorted(found)
    used = (
        Alignment.objects.filter(item__isnull=False)
        .values_list("item__framework_id", flat=True)
        .distinct()
    )
    return sorted(set(used)) or sorted(Framework.objects.values_list("pk", flat=True))


_cache_lock = threading.Lock()
_cache: dict[tuple, SuggestionIndex] = {}


def _state(framework_ids: tuple[int, ...]) -> tuple:
    """What an index depends on: the frameworks' items and every alignment (neighbours)."""
    items = StandardItem.objects.filter(framework_id__in=framework_ids).aggregate(
        n=Count("pk"), t=Max("updated_at")
    )
    aligned = Alignment.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    materials = Material.objects.filter(alignments__isnull=False).aggregate(t=Max("updated_at"))
    return (framework_ids, items["n"], items["t"], aligned["n"], aligned["t"], materials["t"])


def suggestion_index(framework_ids: Iterable[int], *, on_progress=None) -> SuggestionIndex:
    """The index for these frameworks, rebuilt when items, alignments or aligned materials
    change (a process-wide cache; vectors themselves are cached on disk)."""
    ids = tuple(sorted(set(framework_ids)))
    state = _state(ids)
    with _cache_lock:
        cached = _cache.get(state)
    if cached is not None:
        return cached
    candidates = framework_candidates(ids)
    vectors = embed_cached([c.text for c in candidates], on_progress=on_progress)
    phrase_texts, phrase_owners = phrase_rows(candidates)
    phrases = PhraseVectors.build(
        embed_cached(phrase_texts, on_progress=on_progress), phrase_owners, len(candidates)
    )
    low, high = grade_arrays([c.grade_low for c in candidates], [c.grade_high for c in candidates])
    index_of_item = {pk: i for i, c in enumerate(candidates) for pk in c.member_ids}
    aligned: dict[int, set[int]] = defaultdict(set)
    rows = Alignment.objects.filter(item_id__in=index_of_item).values_list("material_id", "item_id")
    for material_id, item_id in rows:
        aligned[material_id].add(index_of_item[item_id])
    material_ids = sorted(aligned)
    materials = Material.objects.in_bulk(material_ids)
    texts = [_material_text(materials[pk]) for pk in material_ids]
    neighbour_vectors = embed_cached(texts, on_progress=on_progress)
    index = SuggestionIndex(
        framework_ids=ids,
        candidates=candidates,
        vectors=vectors,
        low=low,
        high=high,
        neighbours=Neighbours.build(
            neighbour_vectors, [sorted(aligned[pk]) for pk in material_ids], len(candidates)
        ),
        neighbour_material_ids=material_ids,
        neighbour_titles=[str(materials[pk].effective("title")) for pk in material_ids],
        framework_titles=dict(Framework.objects.filter(pk__in=ids).values_list("pk", "title")),
        index_of_item=index_of_item,
        words=WordIndex([word_text(c) for c in candidates]),
        index_of_code={c.code: i for i, c in reversed(list(enumerate(candidates)))},
        phrases=phrases,
    )
    with _cache_lock:
        _cache.clear()  # one live index per process is enough
        _cache[state] = index
    return index


def _material_text(material: Material) -> str:
    return material_text(
        material.effective("title"),
        material.effective("description"),
        material.effective("keywords") or [],
    )


def _closest_phrase(index: SuggestionIndex, row: int, query: np.ndarray | None) -> str:
    """The candidate's teacher phrase closest to the query, with its cosine, or ""."""
    candidate = index.candidates[row]
    if query is None or index.phrases is None or not candidate.phrases:
        return ""
    present = index.phrases.present[row]
    sims = index.phrases.vectors[row][present] @ query
    best = int(np.argmax(sims))
    return f'"{candidate.phrases[best]}" ({float(sims[best]):.2f})'


def _reason(index: SuggestionIndex, ranked: Ranked, query: np.ndarray | None = None) -> str:
    candidate = index.candidates[ranked.index]
    words = candidate.statement.split()
    statement = " ".join(words[:14]) + ("…" if len(words) > 14 else "")
    reason = f'matches "{statement}" ({ranked.similarity:.2f})'
    phrase = _closest_phrase(index, ranked.index, query)
    if phrase:
        reason += f"; close to the phrase {phrase}"
    if ranked.neighbours:
        titles = [index.neighbour_titles[row] for row, _ in ranked.neighbours[:3]]
        reason += "; aligned like " + ", ".join(f'"{t[:60]}"' for t in titles)
    return reason[:1000]


def _suggestion(
    index: SuggestionIndex, ranked: Ranked, query: np.ndarray | None = None
) -> Suggestion:
    candidate = index.candidates[ranked.index]
    return Suggestion(
        item_id=candidate.item_id,
        code=candidate.code,
        statement=candidate.statement,
        framework=index.framework_titles.get(candidate.framework_id, ""),
        score=ranked.score,
        reason=_reason(index, ranked, query),
    )


def _grades(value) -> tuple[int | None, int | None]:
    if not value:
        return None, None
    values = [value] if isinstance(value, str) else [str(v) for v in value]
    return grade_range(parse_grades(values))


def suggestions_for_texts(
    entries: Sequence[dict],
    framework_ids: Iterable[int],
    *,
    top: int = DEFAULT_TOP,
    params: RankParams = DEFAULT_PARAMS,
) -> list[list[Suggestion]]:
    """Suggestions for free texts (``{"title", "description", "keywords"?, "grades"?}``),
    best first, in the order given."""
    index = suggestion_index(framework_ids)
    texts = [
        material_text(e.get("title") or "", e.get("description") or "", e.get("keywords") or [])
        for e in entries
    ]
    queries = embed_cached(texts, persist=False)
    hints = index.hints(texts, [_grades(e.get("grades")) for e in entries])
    ranked = rank(
        queries,
        hints["grades"],
        index.vectors,
        index.low,
        index.high,
        index.neighbours,
        params,
        top=top,
        lexical=hints["lexical"],
        mentions=hints["mentions"],
        phrases=index.phrases,
    )
    return [
        [_suggestion(index, r, query) for r in row]
        for row, query in zip(ranked, queries, strict=True)
    ]


def _excluded(index: SuggestionIndex, material_ids: list[int]) -> list[set[int]]:
    """Per material: candidates already aligned or decided (accepted or rejected)."""
    skip: dict[int, set[int]] = defaultdict(set)
    aligned = Alignment.objects.filter(material_id__in=material_ids, item__isnull=False)
    decided = AlignmentSuggestion.objects.filter(material_id__in=material_ids).exclude(
        status=SuggestionStatus.PENDING
    )
    for qs in (aligned, decided):
        for material_id, item_id in qs.values_list("material_id", "item_id"):
            if item_id in index.index_of_item:
                skip[material_id].add(index.index_of_item[item_id])
    return [skip[pk] for pk in material_ids]


def suggestions_for_materials(
    materials: Sequence[Material],
    framework_ids: Iterable[int] | None = None,
    *,
    top: int = DEFAULT_TOP,
    params: RankParams = DEFAULT_PARAMS,
    persist: bool = True,
) -> list[list[Suggestion]]:
    """Suggestions for catalog materials: never an item they are aligned to or one a curator
    decided on, never from their own alignments."""
    ids = frameworks_for() if framework_ids is None else list(framework_ids)
    index = suggestion_index(ids)
    texts = [_material_text(m) for m in materials]
    queries = embed_cached(texts, persist=persist)
    row_of = {pk: row for row, pk in enumerate(index.neighbour_material_ids)}
    exclude = np.array([row_of.get(m.pk, -1) for m in materials], dtype=int)
    hints = index.hints(texts, [grade_range(m.effective("grades") or []) for m in materials])
    ranked = rank(
        queries,
        hints["grades"],
        index.vectors,
        index.low,
        index.high,
        index.neighbours,
        params,
        top=top,
        exclude=exclude,
        skip=_excluded(index, [m.pk for m in materials]),
        lexical=hints["lexical"],
        mentions=hints["mentions"],
        phrases=index.phrases,
    )
    return [
        [_suggestion(index, r, query) for r in row]
        for row, query in zip(ranked, queries, strict=True)
    ]


@transaction.atomic
def _store(material: Material, suggestions: list[Suggestion]) -> tuple[int, int]:
    """Pending suggestions of ``material`` become exactly ``suggestions`` (decided ones stay)."""
    pending = AlignmentSuggestion.objects.filter(material=material, status=SuggestionStatus.PENDING)
    wanted = {s.item_id: s for s in suggestions}
    removed, _ = pending.exclude(item_id__in=wanted).delete()
    created = 0
    for s in suggestions:
        _, was_created = AlignmentSuggestion.objects.update_or_create(
            material=material,
            item_id=s.item_id,
            defaults={"score": s.score, "reason": s.reason, "status": SuggestionStatus.PENDING},
        )
        created += was_created
    if created or removed:  # search's include_suggested reads the pending ones
        announce_materials_changed([material.pk])
    return created, removed


def suggestion_queue_fill(
    materials: Iterable[Material],
    framework_ids: Iterable[int] | None = None,
    *,
    top: int = DEFAULT_TOP,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> dict:
    """Compute suggestions for ``materials`` into the review queue; then apply those above
    a framework's auto-apply score, if one is set. Returns counts."""
    ids = frameworks_for() if framework_ids is None else list(framework_ids)
    counts = {"materials": 0, "suggestions": 0, "created": 0, "removed": 0, "auto_applied": 0}
    batch: list[Material] = []

    def flush():
        for material, found in zip(
            batch, suggestions_for_materials(batch, ids, top=top), strict=True
        ):
            created, removed = _store(material, found)
            counts["suggestions"] += len(found)
            counts["created"] += created
            counts["removed"] += removed
        counts["materials"] += len(batch)
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    for material in materials:
        batch.append(material)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    counts["auto_applied"] = suggestions_auto_apply(ids)
    return counts


def _decide(suggestion: AlignmentSuggestion, status: str, user, now: datetime | None) -> None:
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = now or timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def suggestion_accept(
    suggestion: AlignmentSuggestion, user=None, *, now: datetime | None = None
) -> Alignment:
    """Accept: the material is aligned to the item (origin "suggested", by ``user``)."""
    existing = Alignment.objects.filter(
        material_id=suggestion.material_id, item_id=suggestion.item_id
    ).first()
    alignment = existing or alignment_add(
        suggestion.material, suggestion.item, origin=AlignmentOrigin.SUGGESTED, user=user
    )
    _decide(suggestion, SuggestionStatus.ACCEPTED, user, now)
    return alignment


@transaction.atomic
def suggestion_reject(
    suggestion: AlignmentSuggestion, user=None, *, now: datetime | None = None
) -> None:
    """Reject: kept, so the item is never suggested for this material again."""
    _decide(suggestion, SuggestionStatus.REJECTED, user, now)
    announce_materials_changed([suggestion.material_id])


def suggestions_accept_above(queryset, min_score: float, user=None) -> int:
    """Accept every pending suggestion of ``queryset`` scoring at least ``min_score``."""
    chosen = queryset.filter(status=SuggestionStatus.PENDING, score__gte=min_score)
    count = 0
    for suggestion in chosen.select_related("material", "item"):
        suggestion_accept(suggestion, user)
        count += 1
    return count


def suggestions_auto_apply(framework_ids: Iterable[int] | None = None) -> int:
    """Apply pending suggestions above each framework's ``suggest_auto_apply_score`` (only
    frameworks where a curator set one; none by default)."""
    frameworks = Framework.objects.filter(suggest_auto_apply_score__isnull=False)
    if framework_ids is not None:
        frameworks = frameworks.filter(pk__in=list(framework_ids))
    applied = 0
    for framework in frameworks:
        pending = AlignmentSuggestion.objects.filter(item__framework=framework)
        applied += suggestions_accept_above(pending, framework.suggest_auto_apply_score)
    return applied


def queue_materials(source: str | None = None, *, k12: bool = False) -> list[Material]:
    """The materials a queue fill covers: active ones (of one harvest source when given;
    with at least one grade from K to 12 when ``k12``)."""
    materials = Material.objects.exclude(status="withdrawn").order_by("pk")
    if source:
        materials = materials.filter(source_key=source)
    if not k12:
        return list(materials)
    chosen = []
    for material in materials:
        low, high = grade_range(material.effective("grades") or [])
        if low is not None and low <= 12 and high >= 0:
            chosen.append(material)
    return chosen
