"""Fixtures for the embeddings tests: the real model, loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from catalog.embeddings.minilm import MiniLMEmbedder

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def reference() -> list[dict]:
    """Sentences with vectors from an independent implementation (fixtures/make_reference.py)."""
    sentences = json.loads((FIXTURES / "reference.json").read_text())["sentences"]
    for sentence in sentences:
        sentence["vector"] = np.asarray(sentence["vector"], dtype=np.float32)
    return sentences
