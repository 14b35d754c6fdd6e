"""Vectors for texts, cached on disk per embedder: derived data, rebuildable at any time.

Item texts and material texts change rarely and embedding them is the slow part (a few
hundred texts a minute on a busy laptop core), so vectors are kept in one ``.npz`` per
embedder under ``VAR_DIR/vectors/``, keyed by the SHA-1 of the text: a changed statement or
description simply misses the cache. Delete the folder to rebuild.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from catalog.embeddings import Embedder, get_embedder

_lock = threading.Lock()
_memory: dict[str, dict[str, np.ndarray]] = {}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def cache_path(embedder: Embedder) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder.name)
    return Path(settings.VAR_DIR) / "vectors" / f"{safe}.npz"


def _load(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        return {}  # a damaged cache is rebuilt, never trusted


def _save(path: Path, table: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array(list(table), dtype="U40")
    vectors = np.stack(list(table.values())).astype(np.float32)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
    np.savez(tmp, keys=keys, vectors=vectors)
    tmp.replace(path)


def embed_cached(
    texts: Sequence[str],
    *,
    embedder: Embedder | None = None,
    persist: bool = True,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> np.ndarray:
    """Unit vectors for ``texts`` ((n, dimensions) float32), embedding only the ones not seen
    before by this embedder. ``on_progress(n)`` is called as batches of new texts finish."""
    embedder = embedder or get_embedder()
    path = cache_path(embedder)
    with _lock:
        if embedder.name not in _memory:
            _memory[embedder.name] = _load(path) if persist else {}
        table = _memory[embedder.name]
    digests = [_digest(t) for t in texts]
    missing = list(dict.fromkeys(d for d in digests if d not in table))
    if missing:
        text_of = dict(zip(digests, texts, strict=True))
        for start in range(0, len(missing), batch_size):
            chunk = missing[start : start + batch_size]
            vectors = embedder.embed([text_of[d] for d in chunk], batch_size=batch_size)
            with _lock:
                table.update(zip(chunk, vectors, strict=True))
            if on_progress:
                on_progress(len(chunk))
        if persist:
            with _lock:
                _save(path, table)
    if not texts:
        return np.zeros((0, embedder.dimensions), dtype=np.float32)
    return np.stack([table[d] for d in digests]).astype(np.float32)


def forget() -> None:
    """Drop the in-memory copy (tests that switch VAR_DIR or embedder)."""
    with _lock:
        _memory.clear()
