"""The numpy all-MiniLM-L6-v2 against vectors from Hugging Face's own BERT, and its invariants."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.embeddings import Embedder


def by_source(reference: list[dict], source: str) -> dict:
    return next(sentence for sentence in reference if sentence["source"] == source)


def test_vectors_match_the_independent_reference(minilm, reference):
    vectors = minilm.embed([sentence["text"] for sentence in reference])
    expected = np.stack([sentence["vector"] for sentence in reference])
    cosines = np.sum(vectors * expected, axis=1)
    assert cosines.min() >= 0.99999, cosines


def test_each_text_alone_matches_the_reference_too(minilm, reference):
    for sentence in reference:
        vector = minilm.embed([sentence["text"]])[0]
        assert float(vector @ sentence["vector"]) >= 0.99999, sentence["source"]


def test_word_pieces_match_the_reference_tokenizer(minilm, reference):
    lengths = [len(ids) for ids in minilm.token_ids([s["text"] for s in reference])]
    assert lengths == [sentence["tokens"] for sentence in reference]


def test_shape_dtype_and_unit_norm(minilm, reference):
    vectors = minilm.embed([sentence["text"] for sentence in reference] + [""])
    assert vectors.shape == (len(reference) + 1, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_satisfies_the_embedder_interface(minilm):
    assert isinstance(minilm, Embedder)
    assert minilm.dimensions == 384
    assert minilm.name == "all-MiniLM-L6-v2/numpy"


def test_no_texts_give_an_empty_matrix(minilm):
    assert minilm.embed([]).shape == (0, 384)


def test_a_bare_string_is_refused(minilm):
    with pytest.raises(TypeError):
        minilm.embed("adding fractions")


def test_deterministic(minilm, reference):
    texts = [sentence["text"] for sentence in reference]
    assert np.array_equal(minilm.embed(texts), minilm.embed(texts))


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_vector_does_not_depend_on_batch_or_padding(minilm, reference, batch_size):
    # Short queries share batches with a 256-piece text: most of their row is padding, which
    # the attention mask and the pooling must ignore. Rows must also come back in input order.
    texts = [sentence["text"] for sentence in reversed(reference)]
    alone = np.stack([minilm.embed([text])[0] for text in texts])
    together = minilm.embed(texts, batch_size=batch_size)
    np.testing.assert_allclose(together, alone, atol=2e-6)


def test_texts_are_not_padded_to_a_fixed_length(minilm):
    assert [len(ids) for ids in minilm.token_ids(["adding fractions"])] == [5]


def test_truncated_at_256_word_pieces(minilm, reference):
    long_text = by_source(reference, "OER Commons record (3,000 characters)")["text"]
    ids = minilm.token_ids([long_text, long_text + " photosynthesis " * 50])
    assert [len(piece) for piece in ids] == [256, 256]
    vectors = minilm.embed([long_text, long_text + " photosynthesis " * 50])
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)


def test_a_fractions_lesson_is_closest_to_the_fractions_standard(minilm, reference):
    lesson = by_source(reference, "OER Commons record")["text"]
    fractions = by_source(reference, "CCSS.Math.Content.5.NF.A.1")["text"]
    photosynthesis = by_source(reference, "NGSS MS-LS1-6")["text"]
    lesson_v, fractions_v, photo_v = minilm.embed([lesson, fractions, photosynthesis])
    assert lesson_v @ fractions_v > lesson_v @ photo_v + 0.2


def test_queries_rank_the_matching_standard_first(minilm, reference):
    standards = [
        by_source(reference, "CCSS.Math.Content.5.NF.A.1")["text"],
        by_source(reference, "NGSS MS-LS1-6")["text"],
    ]
    queries = ["adding fractions", "how plants make food from sunlight"]
    similarities = minilm.embed(queries) @ minilm.embed(standards).T
    assert list(similarities.argmax(axis=1)) == [0, 1]
