"""Sets of document ids as Python ints: bit ``i`` is set when document ``i`` is in the set.

``a & b``, ``a | b``, ``a & ~b`` and ``bits.bit_count()`` run in C over the whole set, so
intersecting a query's matches with a facet value and counting them costs microseconds.
Ids travel to and from SQLite as JSON arrays (``json_group_array``, ``json_each``): one value
per statement, parsed in C.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable
from itertools import repeat

_ONE = ord("1")
_ONES = re.compile("1")


def from_ids(ids: Iterable[int]) -> int:
    ids = list(ids)
    if not ids:
        return 0
    digits = bytearray(b"0") * (max(ids) + 1)
    deque(map(digits.__setitem__, ids, repeat(_ONE)), maxlen=0)  # digits[i] = "1", in C
    digits.reverse()  # int() reads the most significant digit first
    return int(digits, 2)


def from_json(text: str | None) -> int:
    """A set from SQLite's ``json_group_array(id)``."""
    return from_ids(json.loads(text)) if text else 0


def to_ids(bits: int, skip: int = 0, limit: int | None = None) -> list[int]:
    """The ids in ascending order, leaving out the first ``skip``, at most ``limit`` of them."""
    if not bits:
        return []
    digits = format(bits, "b")[::-1]
    out: list[int] = []
    for n, match in enumerate(_ONES.finditer(digits)):
        if n < skip:
            continue
        if limit is not None and len(out) >= limit:
            break
        out.append(match.start())
    return out


def to_json(bits: int) -> str:
    """The ids as a JSON array, for ``SELECT value FROM json_each(?)``."""
    return "[" + ",".join(map(str, to_ids(bits))) + "]"
