"""Elasticsearch engine: an explicit elasticsearch-dsl mapping, versioned indices behind an alias.

``<prefix>-materials`` is an alias to ``<prefix>-materials-<timestamp>``. A rebuild fills a new
index with refreshes off and an async translog (bulk requests built here while Elasticsearch
indexes the previous ones), restores both, moves the alias in one atomic ``update_aliases``
call, deletes the old index and lets a merge to one segment run in the background: searches
never see a half-built index. Deep paging uses ``search_after``.

A search is one ``_msearch`` round trip in the common case (``queries`` builds the bodies):
the page of hits (scored, filters applied, no total counting, so Lucene can skip), and the
facet counts and total (``size: 0``, no scoring, cacheable by the shard request cache). Only
when no document holds every word does a second trip ask, per word, whether any document
holds it (a tiny probe), with the likely next request riding along: a single word's typo
expansion, several words' any-word fallback. Few documents holding every word (any-word
fallback), or typos among several words, take a trip more.
The page's words are marked here (``es_highlight``), not by Elasticsearch's highlighter.

Facet counts read one keyword field, ``facet_values`` (every facet's ``<facet>:<value>``, the
grades of a document as one set), added to each document on its way to the index
(``es_queries.indexed_fields``); the documents of ``documents.py`` stay the same for both
engines. Counting costs a doc-values read per matching document and aggregation, so one
aggregation for all facets instead of one per facet takes a third off a word in most
documents. An index built before the field is still counted right, per facet field, and
written to without it (its mapping is strict) until ``search_index rebuild``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc
from elasticsearch_dsl import Date, Document, Integer, Keyword, Long, MetaField, Text

from ..query import MAX_PAGE, MAX_PER_PAGE, EngineUnavailable, SearchQuery, SearchResults
from ..textparse import parse_text
from . import es_queries as queries
from .base import (
    MIN_ALL_WORDS_HITS,
    Engine,
    build_facet,
    constraints,
    decode_cursor,
    encode_cursor,
    hit_from_document,
    results,
)
from .es_highlight import Marker

SEARCH_FIELDS = queries.SEARCH_FIELDS
BULK_DOCS = 1000  # documents per bulk request
BULK_BYTES = 8 * 1024 * 1024  # …or fewer, when they are large
BULK_IN_FLIGHT = 2  # requests Elasticsearch works on while the next chunk is being built
# The shard request cache keeps answers until a refresh changes the index, so it is exact; it
# takes size-0 requests by itself, hits only when asked. Off: every search computed (benchmarks).
REQUEST_CACHE = True
_clients: dict[tuple, Elasticsearch] = {}
_facet_values_mapped: dict[str, bool] = {}  # index name → has the field
_MSEARCH_FILTER = ",".join(
    f"responses.{p}"
    for p in (
        "status",
        "error.type",
        "error.reason",
        "hits.total.value",
        "hits.hits._source",
        "hits.hits._score",
        "hits.hits.sort",
        "aggregations",
    )
)


@functools.cache
def document_class(analyzer: str) -> type[Document]:
    """The mapping. Only ``standard`` (built in everywhere) unless English analysis is on.

    Only what searches use is indexed: searched text, facet and filter keywords, sort keys.
    The rest is kept in ``_source`` for the hit and costs nothing at indexing time; author and
    publisher text is searched through ``extra``.
    """

    def text(**kw):
        return Text(analyzer=analyzer, **kw)

    def facet(**kw):
        # Global ordinals built at refresh, not by the first search after it.
        return Keyword(eager_global_ordinals=True, **kw)

    def stored(kind=Keyword, **kw):
        return kind(index=False, doc_values=False, **kw)

    def sort_key(kind=Keyword):
        # Indexed as well as doc values: a sort skips documents that cannot make the page.
        return kind()

    class MaterialDocument(Document):
        id = sort_key(Long)
        slug = stored()
        title = text()
        sort_title = sort_key()
        description = text()
        keywords = text()
        subjects = facet(fields={"text": text()})
        grades = facet()
        grade_min = stored(Integer)
        grade_max = stored(Integer)
        resource_types = facet(copy_to="extra")
        language = facet()
        provider = facet(copy_to="extra")
        publisher = Text(index=False, copy_to="extra")
        authors = Text(index=False, copy_to="extra")
        source = stored()
        standards = stored(copy_to="codes")
        standard_keys = Keyword(copy_to="codes")
        frameworks = facet()
        accessibility = facet()
        # Every facet's values as "<facet>:<value>": counting several facets reads this one
        # field per document (es_queries.facet_values; not in documents.py, FTS5 has no use).
        facet_values = facet()
        grade_set = facet()  # the document's grades as one value (es_queries.SET_FIELDS)
        approved_lists = facet()
        approved_jurisdictions = facet()
        date_created = sort_key(Date)
        date_modified = stored(Date)
        license = facet()
        license_family = stored()
        license_bucket = facet()
        extra = text()
        codes = Text(analyzer="standard")

        class Meta:
            dynamic = MetaField("strict")

    return MaterialDocument


def _unavailable(exc: Exception) -> EngineUnavailable:
    return EngineUnavailable(f"Elasticsearch is unavailable: {exc.__class__.__name__}: {exc}")


def _not_built() -> EngineUnavailable:
    return EngineUnavailable(
        "the search index has not been built yet: run manage.py search_index rebuild"
    )


def _bulk_lines(
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
                doc = {**doc, **queries.indexed_fields(doc)}
            line = f'{{"index":{{"_id":"{int(doc["id"])}"}}}}\n{json.dumps(doc)}\n'
        lines.append(line)
        size += len(line)
        n += 1
        if n >= BULK_DOCS or size >= BULK_BYTES:
            yield "".join(lines).encode(), n
            lines, size, n = [], 0, 0
    if lines:
        yield "".join(lines).encode(), n


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, config: dict):
        self.config = config
        self.alias = f"{config['INDEX_PREFIX']}-materials"
        analyzer = "english" if config.get("ENGLISH_ANALYSIS") else "standard"
        self.document = document_class(analyzer)

    @property
    def client(self) -> Elasticsearch:
        """One client (and its connection pool) per process and URL."""
        key = (self.config["ELASTICSEARCH_URL"], self.config.get("TIMEOUT", 10))
        if key not in _clients:
            _clients[key] = Elasticsearch(
                key[0], request_timeout=key[1], max_retries=1, retry_on_timeout=False
            )
        return _clients[key]

    # -- indices -----------------------------------------------------------------------------
    def _index_body(self, bulk_load: bool = False) -> dict:
        settings = {
            "number_of_shards": 1,
            # Every page a caller may ask for (FTS5 serves them too); deeper: the cursor.
            "max_result_window": MAX_PAGE * MAX_PER_PAGE,
            **self._live_settings(),
        }
        if bulk_load:  # nobody reads it until the swap: no refreshes, replicas, fsyncs
            settings.update(
                refresh_interval="-1", number_of_replicas=0, translog={"durability": "async"}
            )
        return {"settings": settings, "mappings": self.document._doc_type.mapping.to_dict()}

    def _live_settings(self) -> dict:
        """What a bulk-loaded index gets back before it goes live (replicas: a cluster's
        ``OER_SEARCH["REPLICAS"]``, none on a single node)."""
        return {
            "refresh_interval": "1s",
            "number_of_replicas": int(self.config.get("REPLICAS", 0)),
            "translog": {"durability": "request"},
        }

    def _new_index(self, bulk_load: bool = False) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1_000_000:06d}"
        self.client.indices.create(index=name, **self._index_body(bulk_load))
        return name

    def _live_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except es_exc.NotFoundError:
            return []

    def _ensure_alias(self) -> list[str]:
        live = self._live_indices()
        if not live:
            name = self._new_index()
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}]
            )
            live = [name]
        return live

    def _maps_facet_values(self, index: str) -> bool:
        """Whether ``index`` has ``facet_values`` (indices built before it do not)."""
        if index not in _facet_values_mapped:
            mapping = self.client.indices.get_mapping(index=index)[index]["mappings"]
            _facet_values_mapped[index] = queries.FACET_VALUES in mapping.get("properties", {})
        return _facet_values_mapped[index]

    # -- writes ------------------------------------------------------------------------------
    def _send(self, index: str, body: bytes) -> None:
        resp = self.client.bulk(
            index=index, operations=body, filter_path="errors,items.*.status,items.*.error"
        )
        if not resp.get("errors"):
            return
        for item in resp["items"]:
            op = next(iter(item.values()))
            if op.get("error") and op.get("status") != 404:  # deleting a missing doc is fine
                raise EngineUnavailable(f"Elasticsearch refused a document: {op.get('error')}")

    def _bulk(self, index: str, chunks: Iterable[tuple[bytes, int]], progress=None) -> int:
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
                    pending.append((pool.submit(self._send, index, body), n))
                while pending:
                    settle()
            finally:
                for future, _count in pending:
                    future.cancel()
        return done

    def index_documents(self, docs: Iterable[dict]) -> int:
        try:
            live = self._ensure_alias()
            values = all(self._maps_facet_values(i) for i in live)
            return self._bulk(self.alias, _bulk_lines(docs, facet_values=values))
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def delete_documents(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        try:
            if not self._live_indices():
                return
            self._bulk(self.alias, _bulk_lines(ids, op="delete"))
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        try:
            name = self._new_index(bulk_load=True)
            try:
                self._bulk(name, _bulk_lines(docs), progress)
                self.client.indices.put_settings(index=name, settings=self._live_settings())
                self.client.indices.refresh(index=name)
            except BaseException:
                self.client.indices.delete(index=name, ignore_unavailable=True)
                raise
            old = self._live_indices()
            actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)  # atomic swap
            for i in old:
                self.client.indices.delete(index=i, ignore_unavailable=True)
            # Merge to one segment in the background (the index is live and complete already):
            # facet counts then need no ordinal mapping across segments. Later writes add
            # small segments that Elasticsearch merges as usual.
            self.client.indices.forcemerge(
                index=name, max_num_segments=1, wait_for_completion=False
            )
            return name
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def refresh(self) -> None:
        try:
            if self._live_indices():
                self.client.indices.refresh(index=self.alias)
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def drop(self) -> None:
        self.client.indices.delete(
            index=f"{self.alias}-*", ignore_unavailable=True, allow_no_indices=True
        )

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        try:
            if not self._live_indices():
                return None
            return self.client.count(index=self.alias)["count"]
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def describe(self) -> dict:
        return {
            "engine": self.name,
            "alias": self.alias,
            "indices": self._live_indices(),
            "documents": self.count(),
        }

    def _msearch(self, bodies: list[dict]) -> list[dict]:
        searches: list[dict] = []
        for body in bodies:
            searches += [{"request_cache": REQUEST_CACHE}, body]
        resp = self.client.msearch(
            index=self.alias, searches=searches, filter_path=_MSEARCH_FILTER
        ).body
        answers = resp.get("responses") or []
        for answer in answers:
            error = answer.get("error")
            if error:
                if error.get("type") == "index_not_found_exception":
                    raise _not_built()
                raise EngineUnavailable(
                    f"Elasticsearch refused the search: {error.get('type')}: {error.get('reason')}"
                )
        return answers

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            return self._search(query)
        except es_exc.NotFoundError as exc:
            raise _not_built() from exc
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def _search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_text(query.text)
        words = parsed.words
        plan = queries.Plan.of(query, constraints(query, parsed))
        seen = query.offset
        after = None
        if query.cursor:
            token = decode_cursor(query.cursor)
            after, seen = token.get("a"), int(token.get("n", 0))

        # First trip: every word taken as known, every word required. Any document found
        # holds every word, so a word no document holds (typo expansion) is looked for only
        # when none is found.
        unknown: set[str] = set()
        require_all = True
        raw_hits, total, counts = plan.read(self._msearch(plan.bodies(words, True, set(), after)))
        if words and not total:
            # One probe per word, and in the same trip what follows in the likely case: a
            # single word expanded (no document holds it), several words any-word (each
            # held by some document).
            single = len(words) == 1
            guess = plan.bodies(words, single, set(words) if single else set(), after)
            answers = self._msearch([*(queries.probe(w) for w in words), *guess])
            checks = answers[: len(words)]
            unknown = {w for w, c in zip(words, checks, strict=True) if not queries.total(c)}
            if single == bool(unknown):
                raw_hits, total, counts = plan.read(answers[len(words) :])
                require_all = single
        if require_all and total < MIN_ALL_WORDS_HITS and len(words) > 1:
            if unknown:  # typos may give every word enough documents: try that first
                raw_hits, total, counts = plan.read(
                    self._msearch(plan.bodies(words, True, unknown, after))
                )
            if total < MIN_ALL_WORDS_HITS:  # documents with some of the words follow
                require_all = False
                raw_hits, total, counts = plan.read(
                    self._msearch(plan.bodies(words, False, unknown, after))
                )
        if counts is None:  # values left out, or an index without facet_values: per field
            plan = dataclasses.replace(plan, per_field=True)
            raw_hits, total, counts = plan.read(
                self._msearch(plan.bodies(words, require_all, unknown, after))
            )

        marker = Marker([f for w in words for f in queries.forms(w)], unknown)
        hits = []
        for h in raw_hits:
            doc, hl = h["_source"], {}
            if words:
                hl = {
                    "title": marker.whole(doc.get("title") or ""),
                    "description": marker.fragment(doc.get("description") or ""),
                }
            hits.append(hit_from_document(doc, h.get("_score") or 0.0, hl))
        selected = query.filter_map
        facets = [build_facet(name, counts[name], selected.get(name, ())) for name in plan.facets]

        end = seen + len(raw_hits)
        next_cursor = None
        if raw_hits and end < total:
            next_cursor = encode_cursor({"a": raw_hits[-1]["sort"], "n": end})
        return results(query, hits, total, facets, next_cursor)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        try:
            resp = self.client.search(index=self.alias, **queries.suggest_body(prefix, limit))
        except es_exc.NotFoundError:
            return []
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc
        out = [
            {
                "kind": "title",
                "value": h["_source"]["title"],
                "url": f"/materials/{h['_source']['slug']}/",
            }
            for h in resp["hits"]["hits"]
        ]
        for kind in ("subject", "standard"):
            buckets = resp["aggregations"]["all"][kind]["buckets"]
            out += [{"kind": kind, "value": b["key"]} for b in buckets]
        return out[:limit]
