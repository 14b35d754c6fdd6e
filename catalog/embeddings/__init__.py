"""Sentence embeddings for the catalog: one model, shared by search and standards alignment.

``get_embedder()`` returns the process-wide ``Embedder``, loaded on first use (loading reads
about 90 MB of weights; nothing is imported or read until then). The setting
``OER_EMBEDDINGS_MODEL`` (a Django setting, else an environment variable of that name) picks the
implementation: a name from ``IMPLEMENTATIONS`` or a dotted path to a zero-argument factory.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from importlib import import_module

from .model import Embedder

__all__ = [
    "DEFAULT_MODEL",
    "IMPLEMENTATIONS",
    "Embedder",
    "configured_model",
    "get_embedder",
    "load_embedder",
]

IMPLEMENTATIONS = {
    "minilm-numpy": "catalog.embeddings.minilm.MiniLMEmbedder",
}
DEFAULT_MODEL = "minilm-numpy"
SETTING = "OER_EMBEDDINGS_MODEL"

_lock = threading.Lock()
_embedder: Embedder | None = None


def configured_model() -> str:
    """The implementation named by ``OER_EMBEDDINGS_MODEL``, or the default."""
    from django.conf import settings

    value = getattr(settings, SETTING, None) if settings.configured else None
    return value or os.environ.get(SETTING) or DEFAULT_MODEL


def load_embedder(name: str) -> Embedder:
    """Build a new embedder from a name in ``IMPLEMENTATIONS`` or a dotted factory path."""
    dotted = IMPLEMENTATIONS.get(name, name)
    module_name, _, attr = dotted.rpartition(".")
    if not module_name:
        raise ValueError(
            f"{SETTING}={name!r} is neither one of {sorted(IMPLEMENTATIONS)} nor a dotted path"
        )
    factory: Callable[[], Embedder] = getattr(import_module(module_name), attr)
    embedder = factory()
    if not isinstance(embedder, Embedder):
        raise TypeError(f"{dotted} did not build an Embedder (name, dimensions, embed)")
    return embedder


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded once (thread-safe) on first call."""
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                _embedder = load_embedder(configured_model())
    return _embedder
