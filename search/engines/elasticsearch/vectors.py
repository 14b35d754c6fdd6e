"""Vectors in Elasticsearch: the ``embedding`` field (``dense_vector``, 384 dimensions, cosine,
HNSW with int8 quantisation, Elasticsearch's default), written by partial updates, and the
filtered kNN request the hybrid ranking sends.

An index built before the field existed gets it added to its mapping (``put_mapping`` may add
a field to a strict mapping) the first time vectors are written to it.

The vector is not kept in ``_source`` (``mapping``): a partial update rebuilds a document from
its stored source plus the update, so the only partial update sent is the one carrying the
vector (``put``); every other write sends the whole document with its vector attached.
"""

from __future__ import annotations

import json

from elasticsearch import Elasticsearch

from ...query import EngineUnavailable
from .queries import HIT_SOURCE

FIELD = "embedding"
DIMENSIONS = 384
MAPPING = {"type": "dense_vector", "dims": DIMENSIONS, "index": True, "similarity": "cosine"}
NUM_CANDIDATES_FACTOR = 2  # HNSW candidates per shard for k results (recall against speed)
_mapped: set[str] = set()


def ensure_mapped(client: Elasticsearch, indices: list[str]) -> None:
    for index in indices:
        if index in _mapped:
            continue
        mapping = client.indices.get_mapping(index=index)[index]["mappings"]
        if FIELD not in mapping.get("properties", {}):
            client.indices.put_mapping(index=index, properties={FIELD: MAPPING})
        _mapped.add(index)


def put(client: Elasticsearch, index: str, vectors: dict) -> int:
    """Partial updates setting each document's vector; a document not indexed yet is skipped
    (its lexical indexing attaches the stored vector)."""
    lines = []
    for i, vec in vectors.items():
        lines.append(json.dumps({"update": {"_id": str(int(i))}}))
        lines.append(json.dumps({"doc": {FIELD: [round(float(x), 7) for x in vec]}}))
    written = 0
    for start in range(0, len(lines), 1000):
        body = "\n".join(lines[start : start + 1000]) + "\n"
        resp = client.bulk(
            index=index, operations=body, filter_path="errors,items.*.status,items.*.error"
        )
        for item in resp.get("items", []):
            status = next(iter(item.values()))
            if status.get("status") == 404:
                continue
            if status.get("error"):
                raise EngineUnavailable(f"Elasticsearch refused a vector: {status['error']}")
            written += 1
    return written


def knn_body(vector, filters: list[dict], k: int, floor: float, exclude=()) -> dict:
    """The ``k`` nearest documents the filters admit (pre-filtered during the HNSW search),
    none below cosine ``floor`` (Elasticsearch scores cosine as (1 + cos) / 2)."""
    knn: dict = {
        "field": FIELD,
        "query_vector": [float(x) for x in vector],
        "k": k,
        "num_candidates": max(k * NUM_CANDIDATES_FACTOR, 100),
        "similarity": floor,
    }
    flt = list(filters)
    if exclude:
        flt.append({"bool": {"must_not": {"ids": {"values": [str(i) for i in exclude]}}}})
    if flt:
        knn["filter"] = {"bool": {"filter": flt}}
    return {"knn": knn, "size": k, "_source": HIT_SOURCE}


def cosine(score: float) -> float:
    return 2.0 * float(score) - 1.0
