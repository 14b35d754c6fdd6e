"""8-bit codes of the vector matrix, to find the few rows worth scoring exactly.

A matrix-vector product over every float32 vector reads 1.5 KB per material (154 MB at
100,000): memory-bound, about 20 ms on the 2-core host. faiss's scalar quantiser keeps one
byte per dimension (each dimension's range, learnt from the vectors, cut in 255 steps) and
scans the codes with SIMD: a quarter of the memory, 2–5 ms at 100,000. The scan only picks
candidates; ``Matrix.nearest`` scores them exactly and checks that no other row could have
made the answer (``candidates``), so results are exactly those of the full product.

Below ``MIN_ROWS`` vectors the matrix keeps no codes and scans its float32 vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

PREFILTER = 400  # rows scored exactly per search (at least 4 k)
SLACK = 1e-4  # float rounding in the code scan, far above its real size
MIN_ROWS = 2_000  # below this the float32 product is as fast: no codes


# One query is one thread's work; OpenMP threads would spin on a shared host.
faiss.omp_set_num_threads(1)


@dataclass
class Codes:
    """One faiss ``IndexScalarQuantizer`` (8 bits, inner product) over the matrix's rows, and
    each row's reconstruction error (distance between the vector and its decoded code)."""

    index: object
    error: np.ndarray  # per row, float32

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray) -> Codes | None:
        if len(vectors) < MIN_ROWS:
            return None
        vectors = np.ascontiguousarray(vectors, "f4")
        index = faiss.IndexScalarQuantizer(
            vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        index.train(vectors)
        index.add(vectors)
        return cls(index=index, error=_errors(index, vectors))

    def update(self, vectors: np.ndarray, rows: list[int]) -> None:
        """Codes for rows appended or rewritten in ``vectors`` (the matrix's live rows)."""
        before = self.size
        if len(vectors) > before:
            added = np.ascontiguousarray(vectors[before:], "f4")
            self.index.add(added)
            self.error = np.concatenate([self.error, _errors(self.index, added)])
        rows = sorted({r for r in rows if r < before})
        if not rows:
            return
        fresh = np.ascontiguousarray(vectors[rows], "f4")
        codes = self.index.sa_encode(fresh)
        size = self.index.code_size
        view = faiss.rev_swig_ptr(self.index.codes.data(), self.size * size).reshape(-1, size)
        view[rows] = codes
        self.error[rows] = _errors(self.index, fresh, codes)

    def candidates(
        self, vectors: np.ndarray, query: np.ndarray, valid: np.ndarray, k: int, floor: float
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, exact scores indexed by row) holding every valid row of the exact top ``k``
        at or above ``floor``; None when the codes cannot prove it (scan everything then)."""
        allowed = int(valid.sum())
        if not allowed:
            return np.zeros(0, "i8"), np.zeros(len(valid), "f4")
        wanted = min(max(PREFILTER, 4 * k), allowed)
        params = None
        if allowed < len(valid):  # a selector costs: only when rows are to be skipped
            bitmap = np.packbits(valid, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(valid), faiss.swig_ptr(bitmap))
            params = faiss.SearchParameters(sel=selector)
        coded, found = self.index.search(query[None], wanted, params=params)
        rows = found[0][found[0] >= 0]
        exact = vectors[rows] @ query
        above = exact >= floor
        if len(rows) < allowed:  # rows were left out: could one of them score higher?
            bound = float(coded[0][len(rows) - 1]) + float(self.error[valid].max()) + SLACK
            kept = np.sort(exact[above])[::-1]
            threshold = float(kept[k - 1]) if len(kept) >= k else floor
            if bound >= threshold:
                return None
        scores = np.full(len(valid), -np.inf, "f4")
        scores[rows] = exact
        return rows[above], scores


def _errors(index, vectors: np.ndarray, codes: np.ndarray | None = None) -> np.ndarray:
    if codes is None:
        codes = index.sa_encode(vectors)
    return np.linalg.norm(index.sa_decode(codes) - vectors, axis=1).astype("f4")
