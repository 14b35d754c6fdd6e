"""Writing documents to an Elasticsearch index with ``_bulk`` requests.

Requests are bounded by documents and bytes; up to ``BULK_IN_FLIGHT`` are sent at once while
the next chunk is built here. Each document gets the fields this engine adds to it
(``mapping.indexed_fields``), unless its index was built before them (the mapping is strict).

Not the client's helpers: ``streaming_bulk`` waits for each request before building the next
(a rebuild takes 1.3–1.9 times as long: docs/search.md), and ``parallel_bulk`` iterates
the documents in its pool's thread, so their database reads would run on another connection.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from elasticsearch import Elasticsearch

from ...query import EngineUnavailable
from .mapping import indexed_fields

BULK_DOCS = 1000  # documents per bulk request
BULK_BYTES = 8 * 1024 * 1024  # …or fewer, when they are large
BULK_IN_FLIGHT = 2  # requests Elasticsearch works on while the next chunk is being built


def bulk_lines(
    docs: Iterable[dict], op: str = "index", facet_values: bool = True
) -> Iterator[tuple[bytes, int]]:
    """NDJSON chunks for ``_bulk``: (body, documents in it), bounded by count and size.

    ``facet_values``: add the field (not to an index built before it: its mapping is strict).
    """
    lines: list[str] = []
    size = n = 0
    for doc in docs:
        if op == "delete":
            line = f'{{"delete":{{"_id":"{int(doc)}"}}}}\n'
        else:
            if facet_values:
                doc = {**doc, **indexed_fields(doc)}
            line = f'{{"index":{{"_id":"{int(doc["id"])}"}}}}\n{json.dumps(doc)}\n'
        lines.append(line)
        size += len(line)
        n += 1
        if n >= BULK_DOCS or size >= BULK_BYTES:
            yield "".join(lines).encode(), n
            lines, size, n = [], 0, 0
    if lines:
        yield "".join(lines).encode(), n


def _send(client: Elasticsearch, index: str, body: bytes) -> None:
    resp = client.bulk(
        index=index, operations=body, filter_path="errors,items.*.status,items.*.error"
    )
    if not resp.get("errors"):
        return
    for item in resp["items"]:
        op = next(iter(item.values()))
        if op.get("error") and op.get("status") != 404:  # deleting a missing doc is fine
            raise EngineUnavailable(f"Elasticsearch refused a document: {op.get('error')}")


def send(
    client: Elasticsearch, index: str, chunks: Iterable[tuple[bytes, int]], progress=None
) -> int:
    """Send the chunks, up to BULK_IN_FLIGHT at once, while the next ones are built here.

    Documents are built (database reads) in this thread only; the pool just waits on HTTP.
    """
    done = 0
    pending: deque[tuple[Future, int]] = deque()

    def settle() -> None:
        nonlocal done
        future, count = pending.popleft()
        future.result()  # raises what the request raised
        done += count
        if progress is not None:
            progress.update(count)

    with ThreadPoolExecutor(BULK_IN_FLIGHT, thread_name_prefix="es-bulk") as pool:
        try:
            for body, n in chunks:
                if len(pending) >= BULK_IN_FLIGHT:
                    settle()
                pending.append((pool.submit(_send, client, index, body), n))
            while pending:
                settle()
        finally:
            for future, _count in pending:
                future.cancel()
    return done
