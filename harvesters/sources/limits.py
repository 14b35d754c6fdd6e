"""Per-record size limits for gatherers that read whole JSON documents.

A record over ``max_record_bytes``, or with one string over ``max_field_bytes``, is not passed
on: it becomes a ``RawItem`` with ``error`` set and an empty payload (a per-record error; the
rest of the page goes on), so one outsize record cannot swell the fetch, normalize and import
stages that would each hold a copy of it.
"""

from __future__ import annotations

from harvesters.policy import HarvestPolicy

from . import RawItem


def _largest_string(value) -> tuple[str, int]:
    """The path and UTF-8 size of the longest string anywhere in ``value``."""
    best = ("", 0)
    stack = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if len(node) * 4 > best[1]:  # only then can it beat the best in bytes
                size = len(node.encode("utf-8"))
                if size > best[1]:
                    best = (path, size)
        elif isinstance(node, dict):
            stack.extend((f"{path}.{k}".lstrip("."), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{path}[{n}]", v) for n, v in enumerate(node))
    return best


def limited_item(remote_id: str, item, payload: bytes, policy: HarvestPolicy) -> RawItem:
    """``RawItem(remote_id, payload)``, or the same id with ``error`` if it is over a limit."""
    if policy.max_record_bytes and len(payload) > policy.max_record_bytes:
        return RawItem(
            remote_id,
            b"",
            error=f"record too large: {len(payload)} bytes, over max_record_bytes "
            f"({policy.max_record_bytes})",
        )
    if policy.max_field_bytes and len(payload) > policy.max_field_bytes:
        path, size = _largest_string(item)
        if size > policy.max_field_bytes:
            return RawItem(
                remote_id,
                b"",
                error=f"field {path} too large: {size} bytes, over max_field_bytes "
                f"({policy.max_field_bytes})",
            )
    return RawItem(remote_id, payload)
