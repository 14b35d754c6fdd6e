"""The in-memory vector matrix: its 8-bit prefilter gives exactly the float32 scan's answer.

Vectors are clustered like the bench's (near copies of a few hundred records), the hard case
for a prefilter: many rows score almost alike.
"""

from __future__ import annotations

import numpy as np
import pytest

from search.vectors import matrix, quantised, store

N, DIM = 6_000, store.DIMENSIONS


def clustered(n: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(300, DIM)).astype("f4")
    vecs = base[np.arange(n) % 300] + rng.normal(0, 0.03, (n, DIM)).astype("f4")
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def queries(vecs: np.ndarray, count: int = 12) -> list[np.ndarray]:
    rng = np.random.default_rng(5)
    out = []
    for row in rng.integers(len(vecs), size=count):
        q = vecs[row] + rng.normal(0, 0.05, DIM).astype("f4")
        out.append(q / np.linalg.norm(q))
    return out


@pytest.fixture
def loaded(tmp_path):
    path = tmp_path / "vectors.sqlite3"
    vecs = clustered(N)
    ids = range(1, N + 1)
    store.write(path, [(i, b"", store.to_blob(v)) for i, v in zip(ids, vecs, strict=True)], [])
    yield path, vecs
    matrix.forget(path)
    store.drop(path)


def float_scan(m: matrix.Matrix, *args) -> list[tuple[int, float]]:
    codes, m.codes = m.codes, None
    try:
        return m.nearest(*args)
    finally:
        m.codes = codes


def ids_of(found):
    return [i for i, _s in found]


def test_the_matrix_keeps_8_bit_codes_of_every_row(loaded):
    path, _vecs = loaded
    m = matrix.current(path)
    assert m.codes is not None
    assert m.codes.size == m.size == N
    assert 0 < float(m.codes.error.max()) < 0.05


def test_prefiltered_search_equals_the_float_scan(loaded):
    path, vecs = loaded
    m = matrix.current(path)
    half = 0
    for i in range(1, N + 1, 2):
        half |= 1 << i
    for n, q in enumerate(queries(vecs)):
        allowed = half if n % 3 == 1 else None
        floor = 0.2 if n % 2 else -1.0
        args = (q, 100, allowed, floor, (7, 8))
        got = m.nearest(*args)
        assert ids_of(got) == ids_of(float_scan(m, *args))
        assert got and min(s for _i, s in got) >= floor
        assert len(got) == 100 or floor > 0


def test_the_prefilter_scores_a_few_rows_exactly(loaded):
    path, vecs = loaded
    m = matrix.current(path)
    valid = m.ids[: m.size] >= 0
    rows, scores = m.codes.candidates(m.vectors, queries(vecs)[0], valid, 100, -1.0)
    assert len(rows) == quantised.PREFILTER
    assert np.isfinite(scores).sum() <= quantised.PREFILTER


def test_a_prefilter_it_cannot_prove_falls_back_to_the_scan(loaded):
    path, vecs = loaded
    m = matrix.current(path)
    valid = m.ids[: m.size] >= 0
    q = queries(vecs)[0]
    # Pretend the codes were far off: no prefilter can then rule a row out.
    m.codes.error[:] = 1.0
    assert m.codes.candidates(m.vectors, q, valid, 100, 0.2) is None
    assert ids_of(m.nearest(q, 100, None, 0.2)) == ids_of(float_scan(m, q, 100, None, 0.2))


def test_codes_follow_writes_to_the_store(loaded):
    path, vecs = loaded
    matrix.current(path)
    fresh = clustered(300, seed=9)
    # New rows past the old capacity, rows rewritten in place, rows deleted.
    put = [(N + 1 + i, b"", store.to_blob(v)) for i, v in enumerate(fresh[:200])]
    put += [(10 + i, b"", store.to_blob(v)) for i, v in enumerate(fresh[200:])]
    store.write(path, put, [1, 2, 3])
    m = matrix.current(path)
    assert m.codes.size == m.size == N + 200
    for q in [*queries(vecs, 4), fresh[0], fresh[250]]:
        got = m.nearest(q, 50, None, -1.0)
        assert ids_of(got) == ids_of(float_scan(m, q, 50, None, -1.0))
        assert not {1, 2, 3} & set(ids_of(got))
    assert ids_of(m.nearest(fresh[0], 1))[0] == N + 1
    assert ids_of(m.nearest(fresh[250], 1))[0] == 60


def test_a_mask_over_deleted_rows_only_admits_none():
    """Every row of the store deleted (one material embedded, then withdrawn): ids are all -1."""
    ids = np.array([-1, -1, -1])
    assert not matrix.allowed_mask(0b111, ids).any()
    assert matrix.allowed_mask(0b10, np.array([-1, 1])).tolist() == [False, True]
