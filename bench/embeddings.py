"""Embedding speed: texts/s of all-MiniLM-L6-v2 per runtime, thread count and batch size.

Texts are real OER Commons records (``../shared/data``): "short" is the first five words of a
title (query-sized), "document" is title and overview cut to 80 words (what search and standards
alignment embed per material). Each configuration embeds the whole set once after a warm-up
batch; the figure is texts per second of wall time. Runtimes:

- ``numpy``: ``catalog.embeddings.minilm.MiniLMEmbedder`` (the project's), BLAS threads set
  per call with threadpoolctl, batches of similar length padded to their longest text.
- ``numpy, padded to 128``: the same forward pass fed the bundled tokenizer's own settings
  (every text padded to 128 word pieces), the way a plain ``Tokenizer.from_file`` caller runs.
- ``onnxruntime``: the same weights as an ONNX graph built here from the safetensors file with
  ``onnx.helper`` (no PyTorch export exists in any package we may install), run by onnxruntime
  with all graph optimisations, on the same batches; skipped unless ``onnx`` and
  ``onnxruntime`` are importable (neither is a project dependency). Its vectors are checked
  against numpy's (minimum cosine printed).

The host is shared, so the 1-minute load average is printed beside the figures.

    .venv/bin/python bench/embeddings.py
    .venv/bin/python bench/embeddings.py --threads 1,2 --batch-sizes 8,32,128 --count 512
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.embeddings.minilm import FLOAT, MiniLMEmbedder, length_batches  # noqa: E402

SHARED_DATA = Path(os.environ.get("OER_SHARED_DATA", ROOT.parent / "shared" / "data"))


def load_texts(count: int) -> dict[str, list[str]]:
    csv.field_size_limit(10**8)
    path = SHARED_DATA / "oer-metadata/oer-commons/oer_commons_clean.csv"
    short, documents = [], []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            overview = html.unescape(re.sub(r"<[^>]+>", " ", row["TEACHER_OVERVIEW"]))
            words = f"{row['NAME']}. {overview}".split()
            if len(words) < 80 or len(row["NAME"].split()) < 5:
                continue
            short.append(" ".join(row["NAME"].split()[:5]))
            documents.append(" ".join(words[:80]))
            if len(short) == count:
                break
    return {"short": short, "document": documents}


def onnx_session(embedder: MiniLMEmbedder, threads: int):
    """An onnxruntime session over an ONNX graph of the embedder's own weights."""
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    width, heads = embedder.dimensions, embedder.heads
    eps = embedder.eps
    x = node("Gather", [const("word", embedder.word_embeddings), "input_ids"], "words")
    positions = node(
        "Slice",
        [
            const("pos", embedder.position_embeddings),
            const("zero", np.array([0])),
            "length",
            const("axis0", np.array([0])),
        ],
        "positions",
    )
    x = node("Add", [x, positions], "wp")
    x = node("Add", [x, const("type", embedder.token_type_embedding)], "wpt")
    x = node(
        "LayerNormalization",
        [x, const("eln_w", embedder.embed_ln[0]), const("eln_b", embedder.embed_ln[1])],
        "x0",
        axis=-1,
        epsilon=eps,
    )
    scale = const("scale", np.array(1 / np.sqrt(width // heads), dtype=FLOAT))
    for i, layer in enumerate(embedder.layers):
        p = f"l{i}_"
        qkv = node("MatMul", [x, const(p + "qkv_w", layer.qkv_w)], p + "qkv_mm")
        qkv = node("Add", [qkv, const(p + "qkv_b", layer.qkv_b)], p + "qkv")
        qkv = node(
            "Reshape",
            [qkv, const(p + "shape5", np.array([0, 0, 3, heads, width // heads]))],
            p + "qkv5",
        )
        qkv = node("Transpose", [qkv], p + "qkvT", perm=[2, 0, 3, 1, 4])
        q, k, v = (
            node("Gather", [qkv, const(f"{p}idx{j}", np.array(j))], f"{p}{n}", axis=0)
            for j, n in enumerate("qkv")
        )
        q = node("Mul", [q, scale], p + "qs")
        kt = node("Transpose", [k], p + "kT", perm=[0, 1, 3, 2])
        scores = node("MatMul", [q, kt], p + "scores")
        scores = node("Add", [scores, "key_bias"], p + "masked")
        probs = node("Softmax", [scores], p + "probs", axis=-1)
        ctx = node("MatMul", [probs, v], p + "ctx")
        ctx = node("Transpose", [ctx], p + "ctxT", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, const(p + "shape3", np.array([0, 0, width]))], p + "ctx3")
        att = node("MatMul", [ctx, const(p + "out_w", layer.out_w)], p + "att_mm")
        att = node("Add", [att, const(p + "out_b", layer.out_b)], p + "att")
        att = node("Add", [att, x], p + "att_res")
        x = node(
            "LayerNormalization",
            [att, const(p + "ln1_w", layer.ln1_w), const(p + "ln1_b", layer.ln1_b)],
            p + "x1",
            axis=-1,
            epsilon=eps,
        )
        h = node("MatMul", [x, const(p + "fi_w", layer.ffn_in_w)], p + "fi_mm")
        h = node("Add", [h, const(p + "fi_b", layer.ffn_in_b)], p + "fi")
        h = node("Gelu", [h], p + "gelu", domain="com.microsoft")
        h = node("MatMul", [h, const(p + "fo_w", layer.ffn_out_w)], p + "fo_mm")
        h = node("Add", [h, const(p + "fo_b", layer.ffn_out_b)], p + "fo")
        h = node("Add", [h, x], p + "fo_res")
        x = node(
            "LayerNormalization",
            [h, const(p + "ln2_w", layer.ln2_w), const(p + "ln2_b", layer.ln2_b)],
            p + "x2",
            axis=-1,
            epsilon=eps,
        )
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes,
        "minilm",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "l"]),
            helper.make_tensor_value_info("length", TensorProto.INT64, [1]),
            helper.make_tensor_value_info("key_bias", TensorProto.FLOAT, ["b", 1, 1, "l"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["b", "l", width])],
        inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def onnx_embed(session, embedder: MiniLMEmbedder, texts: list[str], batch_size: int) -> np.ndarray:
    ids = embedder.token_ids(texts)
    out = np.empty((len(ids), embedder.dimensions), dtype=FLOAT)
    for chunk in length_batches([len(piece) for piece in ids], batch_size):
        length = max(len(ids[i]) for i in chunk)
        input_ids = np.zeros((len(chunk), length), dtype=np.int64)
        mask = np.zeros((len(chunk), length), dtype=FLOAT)
        for row, i in enumerate(chunk):
            input_ids[row, : len(ids[i])] = ids[i]
            mask[row, : len(ids[i])] = 1
        key_bias = ((1 - mask) * np.finfo(FLOAT).min)[:, None, None, :]
        (hidden,) = session.run(
            None, {"input_ids": input_ids, "length": np.array([length]), "key_bias": key_bias}
        )
        pooled = np.einsum("bld,bl->bd", hidden, mask) / mask.sum(axis=1, keepdims=True)
        out[chunk] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return out


def padded_to_128(embedder: MiniLMEmbedder, texts: list[str], batch_size: int) -> np.ndarray:
    embedder.tokenizer.enable_padding(length=128)
    embedder.tokenizer.enable_truncation(max_length=128)
    try:
        return embedder.embed(texts, batch_size=batch_size)
    finally:
        embedder.tokenizer.no_padding()
        embedder.tokenizer.enable_truncation(max_length=embedder.max_tokens)


def rate(run, texts: list[str]) -> tuple[float, np.ndarray]:
    run(texts[:8])  # warm-up
    start = time.perf_counter()
    vectors = run(texts)
    return len(texts) / (time.perf_counter() - start), vectors


def row(runtime: str, threads: int, batch: int, kind: str, speed: float, check: str = "") -> None:
    load = os.getloadavg()[0]
    print(f"{runtime:<24}{threads:>8}{batch:>7}{kind:>10}{speed:>10.1f}  {load:4.1f}  {check}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=256, help="texts per kind")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--batch-sizes", default="8,32,128")
    parser.add_argument("--no-onnx", action="store_true")
    args = parser.parse_args()
    threads = [int(n) for n in args.threads.split(",")]
    batch_sizes = [int(n) for n in args.batch_sizes.split(",")]
    texts = load_texts(args.count)
    embedder = MiniLMEmbedder()
    print(f"{len(texts['short'])} texts per kind; cores: {os.cpu_count()}")
    print(f"{'runtime':<24}{'threads':>8}{'batch':>7}{'kind':>10}{'texts/s':>10}  load  check")
    for kind, items in texts.items():
        for n in threads:
            embedder.threads = n
            reference = None
            for size in batch_sizes:
                speed, vectors = rate(lambda t, s=size: embedder.embed(t, batch_size=s), items)
                reference = vectors if reference is None else reference
                row("numpy", n, size, kind, speed)
            with threadpool_limits(limits=n, user_api="blas"):
                speed, vectors = rate(lambda t: padded_to_128(embedder, t, 32), items)
            cos = np.sum(vectors * reference, axis=1).min()
            row("numpy, padded to 128", n, 32, kind, speed, f"min cos {cos:.6f}")
            if args.no_onnx:
                continue
            try:
                session = onnx_session(embedder, n)
            except ImportError:
                print(f"{'onnxruntime':<24}  skipped: onnx/onnxruntime not installed")
                continue
            for size in batch_sizes:
                speed, vectors = rate(
                    lambda t, s=size, o=session: onnx_embed(o, embedder, t, s), items
                )
                cos = np.sum(vectors * reference, axis=1).min()
                row("onnxruntime", n, size, kind, speed, f"min cos {cos:.6f}")


if __name__ == "__main__":
    main()
