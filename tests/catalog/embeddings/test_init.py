"""Choosing the embedder: the OER_EMBEDDINGS_MODEL setting and the process-wide instance."""

from __future__ import annotations

import numpy as np
import pytest

from catalog import embeddings
from catalog.embeddings import Embedder, configured_model, get_embedder, load_embedder


class ConstantEmbedder:
    """A second implementation, to show the setting swaps the model without code changes."""

    name = "constant"
    dimensions = 3

    def embed(self, texts, *, batch_size=32):
        return np.tile(np.array([1, 0, 0], dtype=np.float32), (len(texts), 1))


class NotAnEmbedder:
    name = "broken"


def test_default_is_the_numpy_minilm(settings, monkeypatch):
    monkeypatch.delenv("OER_EMBEDDINGS_MODEL", raising=False)
    assert configured_model() == "minilm-numpy"


def test_setting_names_the_implementation(settings, monkeypatch):
    monkeypatch.setenv("OER_EMBEDDINGS_MODEL", "from-environment")
    settings.OER_EMBEDDINGS_MODEL = f"{__name__}.ConstantEmbedder"
    assert configured_model() == f"{__name__}.ConstantEmbedder"
    embedder = load_embedder(configured_model())
    assert isinstance(embedder, Embedder)
    assert embedder.embed(["a", "b"]).shape == (2, 3)


def test_environment_variable_when_no_django_setting(settings, monkeypatch):
    monkeypatch.setenv("OER_EMBEDDINGS_MODEL", f"{__name__}.ConstantEmbedder")
    assert configured_model() == f"{__name__}.ConstantEmbedder"


def test_unknown_name_is_refused():
    with pytest.raises(ValueError, match="OER_EMBEDDINGS_MODEL"):
        load_embedder("minilm-torch")


def test_a_factory_that_builds_no_embedder_is_refused():
    with pytest.raises(TypeError):
        load_embedder(f"{__name__}.NotAnEmbedder")


def test_get_embedder_loads_once_and_shares_it(monkeypatch):
    monkeypatch.setattr(embeddings, "_embedder", None)
    monkeypatch.delenv("OER_EMBEDDINGS_MODEL", raising=False)
    first = get_embedder()
    assert first is get_embedder()
    assert first.name == "all-MiniLM-L6-v2/numpy"
    assert first.dimensions == 384
