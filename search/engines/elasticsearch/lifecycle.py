"""The Elasticsearch indices: one client per process, versioned indices behind an alias.

``<prefix>-materials`` is an alias to ``<prefix>-materials-<timestamp>``. A rebuild fills a new
index with refreshes off and an async translog, restores both, moves the alias in one atomic
``update_aliases`` call, deletes the old index and lets a merge to one segment run in the
background: searches never see a half-built index.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from ...query import MAX_PAGE, MAX_PER_PAGE
from .mapping import FACET_VALUES

# After a bulk load, how long (seconds, at most) the merge waits for the recovery source to be
# prunable, and the documents below which it does not wait (``Indices.wait_until_prunable``).
PRUNE_WAIT_S = 120
PRUNE_MIN_DOCS = 20_000
_clients: dict[tuple, Elasticsearch] = {}
_facet_values_mapped: dict[str, bool] = {}  # index name → has the field
_mapping_current: set[tuple[str, str]] = set()  # (index name, mapping digest) put already


def client(config: dict) -> Elasticsearch:
    """One client (and its connection pool) per process and URL."""
    key = (config["ELASTICSEARCH_URL"], config.get("TIMEOUT", 10))
    if key not in _clients:
        _clients[key] = Elasticsearch(
            key[0], request_timeout=key[1], max_retries=1, retry_on_timeout=False
        )
    return _clients[key]


class Indices:
    """The alias and the indices behind it."""

    def __init__(self, client: Elasticsearch, alias: str, mapping: dict, config: dict):
        self.client = client
        self.alias = alias
        self.mapping = mapping
        self.config = config

    def body(self, bulk_load: bool = False) -> dict:
        settings = {
            "number_of_shards": 1,
            # Every page a caller may ask for (FTS5 serves them too); deeper: the cursor.
            "max_result_window": MAX_PAGE * MAX_PER_PAGE,
            **self.live_settings(),
        }
        if bulk_load:  # nobody reads it until the swap: no refreshes, replicas, fsyncs
            settings.update(
                refresh_interval="-1", number_of_replicas=0, translog={"durability": "async"}
            )
        return {"settings": settings, "mappings": self.mapping}

    def live_settings(self) -> dict:
        """What a bulk-loaded index gets back before it goes live (replicas: a cluster's
        ``OER_SEARCH["REPLICAS"]``, none on a single node)."""
        return {
            "refresh_interval": "1s",
            "number_of_replicas": int(self.config.get("REPLICAS", 0)),
            "translog": {"durability": "request"},
        }

    def create(self, bulk_load: bool = False) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1_000_000:06d}"
        self.client.indices.create(index=name, **self.body(bulk_load))
        return name

    def live(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except es_exc.NotFoundError:
            return []

    def ensure_alias(self) -> list[str]:
        """The live indices, after creating an empty one when there is none, each mapping
        every field the code writes (see ``ensure_current_mapping``)."""
        live = self.live()
        if not live:
            name = self.create()
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}]
            )
            live = [name]
        self.ensure_current_mapping(live)
        return live

    def ensure_current_mapping(self, live: list[str]) -> None:
        """Add the fields a newer release maps to an index built before it (once per index and
        process). The mapping is strict, so without this every document would be refused
        until a rebuild; documents indexed before hold no value for the new field until they
        are written again or the index is rebuilt. A changed field type cannot be added:
        Elasticsearch refuses it and the error names the field (``search_index rebuild``)."""
        properties = self.mapping.get("properties", {})
        digest = hashlib.sha256(json.dumps(properties, sort_keys=True).encode()).hexdigest()
        stale = [i for i in live if (i, digest) not in _mapping_current]
        if not stale:
            return
        self.client.indices.put_mapping(index=",".join(stale), properties=properties)
        _mapping_current.update((i, digest) for i in stale)
        for index in stale:
            _facet_values_mapped.pop(index, None)

    def maps_facet_values(self, index: str) -> bool:
        """Whether ``index`` has ``facet_values`` (indices built before it do not)."""
        if index not in _facet_values_mapped:
            mapping = self.client.indices.get_mapping(index=index)[index]["mappings"]
            _facet_values_mapped[index] = FACET_VALUES in mapping.get("properties", {})
        return _facet_values_mapped[index]

    def rebuild(self, fill: Callable[[str], object]) -> str:
        """A new index, filled by ``fill(name)``, made live in place of the old ones."""
        name = self.create(bulk_load=True)
        try:
            fill(name)
            self.client.indices.put_settings(index=name, settings=self.live_settings())
            self.client.indices.refresh(index=name)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self.live()
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)  # atomic swap
        for i in old:
            self.client.indices.delete(index=i, ignore_unavailable=True)
        # Merge to one segment in the background (the index is live and complete already):
        # facet counts then need no ordinal mapping across segments. Later writes add
        # small segments that Elasticsearch merges as usual.
        self.wait_until_prunable(name)
        self.client.indices.forcemerge(index=name, max_num_segments=1, wait_for_completion=False)
        return name

    def wait_until_prunable(self, name: str, sleep: Callable[[float], None] = time.sleep) -> bool:
        """Wait (at most ``PRUNE_WAIT_S``) until a merge may drop the recovery source.

        The vector is left out of ``_source`` (``mapping``), so Elasticsearch keeps the whole
        source in a ``_recovery_source`` stored field until the shard's retention leases pass
        the document (renewed every 30 s or so); a merge before that keeps it, and every hit
        returned then decompresses it as it did the vector (the merged index stays twice as
        large and its searches as slow). Small indices do not wait (``PRUNE_MIN_DOCS``).
        True when the leases passed every write."""
        self.client.indices.flush(index=name)
        for waited in range(PRUNE_WAIT_S + 1):
            copies = [
                copy
                for shard in self.client.indices.stats(index=name, level="shards", metric="docs")[
                    "indices"
                ][name]["shards"].values()
                for copy in shard
            ]
            written = max(c["seq_no"]["max_seq_no"] for c in copies)
            if written + 1 < PRUNE_MIN_DOCS and not waited:
                return False
            if all(
                lease["retaining_seq_no"] > c["seq_no"]["max_seq_no"]
                for c in copies
                for lease in c["retention_leases"]["leases"]
            ):
                return True
            if waited < PRUNE_WAIT_S:
                sleep(1.0)
        return False

    def refresh(self) -> None:
        if self.live():
            self.client.indices.refresh(index=self.alias)

    def drop(self) -> None:
        self.client.indices.delete(
            index=f"{self.alias}-*", ignore_unavailable=True, allow_no_indices=True
        )
