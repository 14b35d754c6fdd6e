"""The stored vectors in memory, for exact nearest-neighbour search by one matrix product.

One float32 matrix per store file and process, loaded on first use and caught up from the
store's change log when its generation moves (rows replaced in place, new rows appended into
spare capacity, deleted rows masked). A search multiplies the matrix by the query vector (the
vectors are unit length: the product is the cosine), masks rows outside the filters and keeps
the best ``k`` with ``argpartition``. Memory: 1.5 KB per material (150 MB at 100,000).

From ``quantised.MIN_ROWS`` rows on, a search first scans 8-bit codes of the vectors (one
byte a dimension, ``quantised``: a quarter of the memory to read, in SIMD code) for the best
``PREFILTER`` rows the filters admit, then scores those rows exactly from the float32 matrix.
The answer is the exact one, not an approximation: each row's code is at most ``error`` (the
largest distance between a vector and its decoded code) from the vector, so a row left out
scores at most the last prefiltered row's code score plus ``error``; when that bound is not
below the ``k``-th exact score (or the floor), the search scans the float32 matrix instead.
Memory: 0.4 KB more per material.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import quantised, store

_lock = threading.Lock()
_matrices: dict[str, Matrix] = {}


@dataclass
class Matrix:
    path: Path
    generation: int = -1
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, store.DIMENSIONS), "f4"))
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, "i8"))  # -1: deleted row
    rows: dict[int, int] = field(default_factory=dict)
    size: int = 0
    codes: quantised.Codes | None = None  # 8-bit codes of the rows (none when few)

    def load(self) -> None:
        gen = store.generation(self.path)
        ids, blobs = [], []
        for i, blob in store.all_rows(self.path):
            ids.append(i)
            blobs.append(blob)
        n = len(ids)
        self.vectors = np.zeros((max(n, 16), store.DIMENSIONS), "f4")
        if n:
            self.vectors[:n] = np.frombuffer(b"".join(blobs), "<f4").reshape(n, -1)
        self.ids = np.full(len(self.vectors), -1, "i8")
        self.ids[:n] = ids
        self.rows = {int(i): r for r, i in enumerate(ids)}
        self.size = n
        self.generation = gen
        self.codes = quantised.Codes.build(self.vectors[:n])

    def catch_up(self) -> None:
        gen = store.generation(self.path)
        if gen == self.generation:
            return
        if self.generation < 0:
            self.load()
            return
        changed, complete = store.changed_since(self.path, self.generation)
        if not complete or len(changed) > max(self.size // 2, 1000):
            self.load()
            return
        current = store.vectors_of(self.path, changed)
        for i in changed:
            row = self.rows.get(i)
            vec = current.get(i)
            if vec is None:
                if row is not None:
                    self.ids[row] = -1
                    self.vectors[row] = 0
                    del self.rows[i]
                continue
            if row is None:
                if self.size == len(self.vectors):
                    self._grow()
                row = self.size
                self.size += 1
                self.rows[i] = row
                self.ids[row] = i
            self.vectors[row] = vec
        if self.codes is not None:
            touched = [self.rows[i] for i in changed if i in self.rows]
            self.codes.update(self.vectors[: self.size], touched)
        self.generation = gen

    def _grow(self) -> None:
        capacity = max(16, len(self.vectors) * 2)
        vectors = np.zeros((capacity, store.DIMENSIONS), "f4")
        vectors[: self.size] = self.vectors[: self.size]
        ids = np.full(capacity, -1, "i8")
        ids[: self.size] = self.ids[: self.size]
        self.vectors, self.ids = vectors, ids

    def vector(self, material_id: int) -> np.ndarray | None:
        row = self.rows.get(int(material_id))
        return None if row is None else self.vectors[row].copy()

    def nearest(
        self,
        query: np.ndarray,
        k: int,
        allowed: int | None = None,
        floor: float = -1.0,
        exclude: tuple[int, ...] = (),
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest (id, cosine), best first; ``allowed``: a bitset of ids (bit i set
        for id i) the result must stay within; none below ``floor``."""
        n = self.size
        if not n or k <= 0:
            return []
        ids = self.ids[:n]
        query = np.asarray(query, "f4")
        valid = ids >= 0
        if allowed is not None:
            valid &= allowed_mask(allowed, ids)
        for i in exclude:
            row = self.rows.get(int(i))
            if row is not None:
                valid[row] = False
        found = None
        if self.codes is not None and self.codes.size == n:
            found = self.codes.candidates(self.vectors, query, valid, k, floor)
        if found is not None:
            candidates, scores = found
        else:
            scores = self.vectors[:n] @ query
            candidates = np.flatnonzero(valid & (scores >= floor))
        if len(candidates) > k:
            part = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[part]
        order = sorted(candidates.tolist(), key=lambda r: (-float(scores[r]), int(ids[r])))
        return [(int(ids[r]), float(scores[r])) for r in order]


def allowed_mask(bits: int, ids: np.ndarray) -> np.ndarray:
    """For each id, is its bit set in ``bits``?"""
    top = max(int(ids.max()) + 1, 1) if len(ids) else 1  # every row deleted: ids are all -1
    raw = (bits & ((1 << top) - 1)).to_bytes((top + 7) // 8, "little")
    by_id = np.unpackbits(np.frombuffer(raw, "u1"), bitorder="little")[:top].astype(bool)
    safe = np.clip(ids, 0, top - 1)
    return by_id[safe] & (ids >= 0)


def current(path: Path) -> Matrix:
    """The process's matrix of ``path``, caught up with the store."""
    key = str(path)
    with _lock:
        matrix = _matrices.get(key)
        if matrix is None:
            matrix = _matrices[key] = Matrix(path=path)
        matrix.catch_up()
        return matrix


def forget(path: Path) -> None:
    with _lock:
        _matrices.pop(str(path), None)
