"""The Elasticsearch client's JSON (no server needed)."""

from __future__ import annotations

import datetime

import numpy as np
import orjson
from elasticsearch.serializer import JsonSerializer, NdjsonSerializer

from search.engines.elasticsearch import lifecycle

JSON = "application/vnd.elasticsearch+json; compatible-with=8"
NDJSON = "application/vnd.elasticsearch+x-ndjson; compatible-with=8"


def test_the_client_reads_and_writes_json_with_orjson(monkeypatch):
    """Answers (``_msearch``'s hits) are decoded by orjson, and requests written by it, with
    the same bytes and values as the standard serializers give."""
    monkeypatch.setattr(orjson, "loads", _counting(orjson.loads, calls := []))
    client = lifecycle.client({"ELASTICSEARCH_URL": "http://127.0.0.1:1", "TIMEOUT": 2})
    serializers = client.transport.serializers
    answer = '{"responses":[{"hits":{"hits":[{"_source":{"title":"Fractions ½","id":7}}]}}]}'
    for mimetype in (JSON, "application/json"):
        decoded = serializers.loads(answer.encode(), mimetype)
        assert decoded == JsonSerializer().loads(answer.encode())
    assert len(calls) == 2
    bodies = [
        {"request_cache": True},
        {"knn": {"query_vector": np.array([0.5, -0.25], dtype="f4"), "k": 3}},
        {"query": {"range": {"date_created": {"gte": datetime.date(2026, 12, 5)}}}},
    ]
    written = serializers.dumps(bodies, NDJSON)
    assert written == NdjsonSerializer().dumps(bodies)
    assert serializers.loads(written, NDJSON) == NdjsonSerializer().loads(written)
    assert len(calls) == 2 + len(bodies)


def _counting(loads, calls: list):
    def counted(data):
        calls.append(len(data))
        return loads(data)

    return counted
