"""The ranking, pure numpy: no database, no model. Tuned by ``bench/alignment_quality.py``.

For each query (a material's vector and grade range) every candidate item gets

    score = statement_weight * cos(query, item text)
          + phrase_weight * phrases(query, item)
          + lexical_weight * words(query, item text)
          + neighbour_weight * gate * votes(item)
          + mention_boost * [the text names the item's code]

where ``votes`` is the similarity-weighted share of the ``k`` most similar aligned materials
(confirmed or harvested alignments; the query's own record excluded) that are aligned to the
item: materials aligned to an item teach like other materials aligned to it. ``gate`` grows
from 0 to 1 as the nearest aligned material's similarity goes from ``neighbour_gate`` to 1, so
a text unlike every aligned material (an exercise in a catalog of simulations) is ranked by
its statements alone instead of by the votes of unrelated neighbours. ``words`` is the BM25
score of the text against the item (``lexical.py``), scaled to [0, 1] per query. ``phrases``
is the mean of the ``phrase_top`` best cosines between the query and the item's teacher
phrases (``phrases.py``; an item without phrases counts its item text's cosine): a short
exercise title ("Unit fractions") is near a phrase long before it is near a statement. When
the material's grades are known, items outside them (± ``grade_tolerance``) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NO_GRADE = -99


@dataclass(frozen=True)
class RankParams:
    statement_weight: float = 1.0
    neighbour_weight: float = 0.5
    k: int = 10
    grade_tolerance: int = 1
    grade_filter: bool = True
    neighbour_power: float = 3.0  # sharpen neighbour weights: near duplicates count most
    neighbour_gate: float = 0.0  # nearest-neighbour similarity below which votes count nothing
    lexical_weight: float = 0.0
    mention_boost: float = 1.0
    phrase_weight: float = 0.0
    phrase_top: int = 1  # phrases averaged per item: 1 is the best phrase alone


@dataclass(frozen=True)
class Neighbours:
    """Aligned materials: their vectors and, per material, the candidate indices aligned."""

    vectors: np.ndarray  # (n, d)
    labels: np.ndarray  # (n, m) float32 0/1

    @classmethod
    def build(cls, vectors: np.ndarray, aligned: list[list[int]], m: int) -> Neighbours:
        labels = np.zeros((len(aligned), m), dtype=np.float32)
        for row, indices in enumerate(aligned):
            labels[row, list(indices)] = 1.0
        vectors = np.asarray(vectors, dtype=np.float32)
        return cls(
            vectors.reshape(len(aligned), vectors.shape[-1] if vectors.ndim > 1 else 0), labels
        )

    @property
    def empty(self) -> bool:
        return len(self.labels) == 0


@dataclass(frozen=True)
class PhraseVectors:
    """Every item's phrase vectors, padded to the longest list: (m, width, d) and a mask."""

    vectors: np.ndarray  # (m, width, d)
    present: np.ndarray  # (m, width) bool

    @classmethod
    def build(cls, vectors: np.ndarray, owners: list[int], m: int) -> PhraseVectors:
        """``vectors[i]`` is a phrase of item ``owners[i]``."""
        vectors = np.asarray(vectors, dtype=np.float32)
        counts = np.bincount(np.asarray(owners, dtype=np.int64), minlength=m) if owners else None
        width = int(counts.max()) if counts is not None and len(counts) else 0
        d = vectors.shape[-1] if vectors.ndim == 2 else 0
        padded = np.zeros((m, width, d), dtype=np.float32)
        present = np.zeros((m, width), dtype=bool)
        slot = np.zeros(m, dtype=np.int64)
        for vector, owner in zip(vectors, owners, strict=True):
            padded[owner, slot[owner]] = vector
            present[owner, slot[owner]] = True
            slot[owner] += 1
        return cls(padded, present)

    def similarity(self, queries: np.ndarray, fallback: np.ndarray, top: int = 1) -> np.ndarray:
        """(q, m): the mean of each item's ``top`` best phrase cosines; ``fallback`` (q, m)
        where an item has no phrase."""
        m, width, d = self.vectors.shape
        if width == 0:
            return fallback
        sims = (queries @ self.vectors.reshape(m * width, d).T).reshape(len(queries), m, width)
        sims = np.where(self.present[None], sims, -np.inf)
        top = max(1, min(top, width))
        best = -np.partition(-sims, top - 1, axis=2)[:, :, :top]
        counted = np.isfinite(best)
        mean = np.where(counted, best, 0).sum(2) / np.maximum(counted.sum(2), 1)
        return np.where(counted.any(2), mean, fallback).astype(np.float32)


@dataclass(frozen=True)
class Ranked:
    index: int  # candidate index
    score: float
    similarity: float  # cosine to the item text
    neighbours: tuple[tuple[int, float], ...]  # (neighbour row, similarity) aligned to it


def grade_mask(
    query_grades: list[tuple[int | None, int | None]],
    item_low: np.ndarray,
    item_high: np.ndarray,
    tolerance: int,
) -> np.ndarray:
    """(q, m) bool: the items within each query's grade range ± tolerance. Unknown grades on
    either side (a college text, an item without a grade) allow everything."""
    mask = np.ones((len(query_grades), len(item_low)), dtype=bool)
    known = item_low != NO_GRADE
    for row, (low, high) in enumerate(query_grades):
        if low is None or high is None or low > 12:
            continue
        high = min(high, 12)
        overlap = (item_low <= high + tolerance) & (item_high >= low - tolerance)
        mask[row] = overlap | ~known
    return mask


def neighbour_votes(
    queries: np.ndarray,
    neighbours: Neighbours,
    params: RankParams,
    exclude: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Votes (q, m), and for each query its k neighbour rows and similarities.

    ``exclude[i]`` is the neighbour row of query ``i`` itself (-1 for none): a record is
    never scored with its own alignments."""
    q = len(queries)
    m = neighbours.labels.shape[1]
    if neighbours.empty or params.neighbour_weight == 0:
        return np.zeros((q, m), np.float32), np.zeros((q, 0), int), np.zeros((q, 0), np.float32)
    sims = queries @ neighbours.vectors.T
    if exclude is not None:
        rows = np.nonzero(exclude >= 0)[0]
        sims[rows, exclude[rows]] = -np.inf
    k = min(params.k, sims.shape[1])
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    top_sims = np.take_along_axis(sims, top, axis=1)
    order = np.argsort(-top_sims, axis=1)
    top, top_sims = np.take_along_axis(top, order, 1), np.take_along_axis(top_sims, order, 1)
    weights = np.clip(top_sims, 0, None) ** params.neighbour_power
    weights[~np.isfinite(weights)] = 0
    total = weights.sum(axis=1, keepdims=True)
    total[total == 0] = 1
    votes = np.einsum("qk,qkm->qm", weights / total, neighbours.labels[top])
    if params.neighbour_gate > 0:
        nearest = np.where(np.isfinite(top_sims[:, :1]), top_sims[:, :1], 0)
        gate = (nearest - params.neighbour_gate) / (1 - params.neighbour_gate)
        votes *= np.clip(gate, 0, 1)
    return votes.astype(np.float32), top, top_sims


def rank(
    queries: np.ndarray,
    query_grades: list[tuple[int | None, int | None]],
    items: np.ndarray,
    item_low: np.ndarray,
    item_high: np.ndarray,
    neighbours: Neighbours,
    params: RankParams = RankParams(),
    *,
    top: int = 5,
    exclude: np.ndarray | None = None,
    skip: list[set[int]] | None = None,
    lexical: np.ndarray | None = None,
    mentions: list[set[int]] | None = None,
    phrases: PhraseVectors | None = None,
) -> list[list[Ranked]]:
    """The ``top`` candidates for each query, best first. ``skip[i]``: candidate indices never
    to return for query ``i`` (rejected, or already aligned). ``lexical``: (q, m) word-match
    scores in [0, 1]; ``mentions[i]``: candidates whose code query ``i``'s text names;
    ``phrases``: the items' teacher phrase vectors."""
    if len(items) == 0:
        return [[] for _ in range(len(queries))]
    similarity = queries @ items.T
    votes, near, near_sims = neighbour_votes(queries, neighbours, params, exclude)
    scores = params.statement_weight * similarity + params.neighbour_weight * votes
    if phrases is not None and params.phrase_weight:
        phrase_scores = phrases.similarity(queries, similarity, params.phrase_top)
        scores = scores + params.phrase_weight * phrase_scores
    if lexical is not None and params.lexical_weight:
        scores = scores + params.lexical_weight * lexical
    for row, named in enumerate(mentions or ()):
        for index in named:
            scores[row, index] += params.mention_boost
    if params.grade_filter:
        mask = grade_mask(query_grades, item_low, item_high, params.grade_tolerance)
        scores = np.where(mask, scores, -np.inf)
    results = []
    for row in range(len(queries)):
        row_scores = scores[row]
        for index in skip[row] if skip else ():
            row_scores[index] = -np.inf
        count = min(top, int(np.isfinite(row_scores).sum()))
        if count == 0:
            results.append([])
            continue
        best = np.argpartition(-row_scores, count - 1)[:count]
        best = best[np.argsort(-row_scores[best], kind="stable")]
        ranked = []
        for index in best:
            voters = tuple(
                (int(n), float(s))
                for n, s in zip(near[row], near_sims[row], strict=True)
                if np.isfinite(s) and neighbours.labels[n, index]
            )
            ranked.append(
                Ranked(int(index), float(row_scores[index]), float(similarity[row, index]), voters)
            )
        results.append(ranked)
    return results


def grade_arrays(lows: list[int | None], highs: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    low = np.array([NO_GRADE if v is None else v for v in lows], dtype=np.int32)
    high = np.array([NO_GRADE if v is None else v for v in highs], dtype=np.int32)
    return low, high
