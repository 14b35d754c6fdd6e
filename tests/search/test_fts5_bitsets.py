"""Id sets as ints: the conversions the FTS5 engine relies on."""

from __future__ import annotations

import json

from search.engines.fts5 import bitsets


def test_ids_round_trip_in_order():
    ids = [0, 3, 7, 8, 64, 1000, 99_999]
    bits = bitsets.from_ids(reversed(ids))
    assert bits.bit_count() == len(ids)
    assert bitsets.to_ids(bits) == ids
    assert json.loads(bitsets.to_json(bits)) == ids
    assert bitsets.from_json(json.dumps(ids)) == bits


def test_skip_and_limit_page_through_the_ids():
    bits = bitsets.from_ids(range(0, 100, 3))
    assert bitsets.to_ids(bits, skip=2, limit=3) == [6, 9, 12]
    assert bitsets.to_ids(bits, skip=40) == []


def test_empty_sets():
    assert bitsets.from_ids([]) == 0
    assert bitsets.from_json("[]") == 0 == bitsets.from_json(None)
    assert bitsets.to_ids(0) == [] and bitsets.to_json(0) == "[]"


def test_set_operations_are_the_set_algebra():
    a, b = {1, 5, 9, 200}, {5, 200, 300}
    x, y = bitsets.from_ids(a), bitsets.from_ids(b)
    assert bitsets.to_ids(x & y) == sorted(a & b)
    assert bitsets.to_ids(x | y) == sorted(a | b)
    assert bitsets.to_ids(x & ~y) == sorted(a - b)
