"""The one interface every sentence-embedding implementation offers.

Search and standards alignment depend on this protocol only, so the model or its runtime can be
swapped (see ``catalog.embeddings.get_embedder``) without touching their code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into fixed-size vectors whose dot product is their cosine similarity."""

    #: Stable identifier of the model and its runtime; store it next to persisted vectors so
    #: vectors from different models are never compared.
    name: str
    #: Length of every vector ``embed`` returns.
    dimensions: int

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Return a ``(len(texts), dimensions)`` float32 array with L2-normalised rows.

        Row ``i`` belongs to ``texts[i]``; the result does not depend on ``batch_size`` or on
        which other texts share the call (beyond float rounding).
        """
        ...
