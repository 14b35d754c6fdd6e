"""Elasticsearch engine: an explicit elasticsearch-dsl mapping, versioned indices behind an alias.

``<prefix>-materials`` is an alias to ``<prefix>-materials-<timestamp>``. A rebuild fills a new
index with refreshes off, then moves the alias in one atomic ``update_aliases`` call and deletes
the old index: searches never see a half-built index. Deep paging uses ``search_after``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exc
from elasticsearch_dsl import Date, Document, Integer, Keyword, Long, MetaField, Text

from ..documents import FACET_FIELDS
from ..query import FACETS, EngineUnavailable, SearchQuery, SearchResults
from ..textparse import parse_text
from .base import (
    FACET_SIZE,
    MARK_END,
    MARK_START,
    MIN_ALL_WORDS_HITS,
    Engine,
    build_facet,
    constraints,
    decode_cursor,
    encode_cursor,
    hit_from_document,
    results,
)

SEARCH_FIELDS = [
    "title^10",
    "keywords^5",
    "subjects.text^3",
    "description^1.5",
    "codes^4",
    "extra",
]
PHRASE_SLOP = 4
_clients: dict[tuple, Elasticsearch] = {}


def document_class(analyzer: str) -> type[Document]:
    """The mapping. Only ``standard`` (built in everywhere) unless English analysis is on."""

    def text(**kw):
        return Text(analyzer=analyzer, **kw)

    def facet_text():
        return Keyword(fields={"text": text()})

    class MaterialDocument(Document):
        id = Long()
        slug = Keyword(index=False)
        title = text()
        sort_title = Keyword()
        description = text()
        keywords = text()
        subjects = facet_text()
        grades = Keyword()
        grade_min = Integer()
        grade_max = Integer()
        resource_types = Keyword(copy_to="extra")
        language = Keyword()
        provider = Keyword(copy_to="extra")
        publisher = text(copy_to="extra")
        authors = text(copy_to="extra")
        source = Keyword()
        standards = Keyword(copy_to="codes")
        standard_keys = Keyword(copy_to="codes")
        frameworks = Keyword()
        accessibility = Keyword()
        date_created = Date()
        date_modified = Date()
        license = Keyword()
        license_family = Keyword()
        license_bucket = Keyword()
        extra = text()
        codes = Text(analyzer="standard")

        class Meta:
            dynamic = MetaField("strict")

    return MaterialDocument


def _unavailable(exc: Exception) -> EngineUnavailable:
    return EngineUnavailable(f"Elasticsearch is unavailable: {exc.__class__.__name__}: {exc}")


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, config: dict):
        self.config = config
        self.alias = f"{config['INDEX_PREFIX']}-materials"
        analyzer = "english" if config.get("ENGLISH_ANALYSIS") else "standard"
        self.document = document_class(analyzer)

    @property
    def client(self) -> Elasticsearch:
        key = (self.config["ELASTICSEARCH_URL"], self.config.get("TIMEOUT", 10))
        if key not in _clients:
            _clients[key] = Elasticsearch(
                key[0], request_timeout=key[1], max_retries=1, retry_on_timeout=False
            )
        return _clients[key]

    # -- indices -----------------------------------------------------------------------------
    def _index_body(self) -> dict:
        mapping = self.document._doc_type.mapping.to_dict()
        return {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "max_result_window": 10000,
            },
            "mappings": mapping,
        }

    def _new_index(self, bulk_load: bool = False) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1_000_000:06d}"
        body = self._index_body()
        if bulk_load:
            body["settings"]["refresh_interval"] = "-1"
        self.client.indices.create(index=name, **body)
        return name

    def _live_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except es_exc.NotFoundError:
            return []

    def _ensure_alias(self) -> None:
        if not self._live_indices():
            name = self._new_index()
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}]
            )

    # -- writes ------------------------------------------------------------------------------
    def _bulk(self, index: str, actions, progress=None, refresh=False) -> int:
        n = 0
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            index=index,
            chunk_size=1000,
            raise_on_error=False,
            raise_on_exception=True,
            refresh=refresh,
        ):
            op = next(iter(item.values()))
            if not ok and op.get("status") != 404:
                raise EngineUnavailable(f"Elasticsearch refused a document: {op.get('error')}")
            n += 1
            if progress is not None:
                progress.update(1)
        return n

    def index_documents(self, docs: Iterable[dict]) -> int:
        try:
            self._ensure_alias()
            actions = ({"_id": d["id"], "_source": d} for d in docs)
            return self._bulk(self.alias, actions)
        except es_exc.ApiError as exc:
            raise _unavailable(exc) from exc
        except es_exc.TransportError as exc:
            raise _unavailable(exc) from exc

    def delete_documents(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        try:
            if not self._live_indices():
                return
            self._bulk(self.alias, ({"_op_type": "delete", "_id": i} for i in ids))
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        try:
            name = self._new_index(bulk_load=True)
            try:
                self._bulk(name, ({"_id": d["id"], "_source": d} for d in docs), progress)
                self.client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
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

    def _unknown_words(self, words: tuple[str, ...]) -> set[str]:
        """Words no document holds: only those get typo expansion (as in the FTS5 engine)."""
        body = {
            "size": 0,
            "track_total_hits": False,
            "aggs": {
                "known": {
                    "filters": {
                        "filters": {
                            w: {"multi_match": {"query": w, "fields": SEARCH_FIELDS}} for w in words
                        }
                    }
                }
            },
        }
        resp = self.client.search(index=self.alias, **body)
        buckets = resp["aggregations"]["known"]["buckets"]
        return {w for w in words if not buckets.get(w, {}).get("doc_count")}

    @staticmethod
    def _text_query(words: tuple[str, ...], require_all: bool, unknown: set[str]) -> dict:
        def word_query(w: str) -> dict:
            common = {"fields": SEARCH_FIELDS, "type": "best_fields"}
            forms = [w, w + "s", w + "es"] + ([w[:-1]] if w.endswith("s") and len(w) > 3 else [])
            should = [{"multi_match": {**common, "query": f}} for f in dict.fromkeys(forms)]
            if w in unknown:
                # Typo matches score below exact ones.
                should.append(
                    {
                        "multi_match": {
                            **common,
                            "query": w,
                            "fuzziness": "AUTO",
                            "prefix_length": 1,
                            "max_expansions": 20,
                            "boost": 0.5,
                        }
                    }
                )
            return {"bool": {"should": should, "minimum_should_match": 1}}

        per_word = [word_query(w) for w in words]
        phrase = " ".join(words)
        proximity = [
            {"match_phrase": {"title": {"query": phrase, "slop": PHRASE_SLOP, "boost": 5}}},
            {"match_phrase": {"description": {"query": phrase, "slop": PHRASE_SLOP, "boost": 2}}},
        ]
        if require_all:
            return {"bool": {"must": per_word, "should": proximity if len(words) > 1 else []}}
        # Some words suffice, but documents with all of them stay on top.
        every = {"bool": {"must": per_word, "boost": 10}}
        return {"bool": {"should": [*per_word, *proximity, every], "minimum_should_match": 1}}

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            return self._search(query)
        except es_exc.NotFoundError as exc:
            raise EngineUnavailable(
                "the search index has not been built yet: run manage.py search_index rebuild"
            ) from exc
        except (es_exc.ApiError, es_exc.TransportError) as exc:
            raise _unavailable(exc) from exc

    def _search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_text(query.text)
        active = constraints(query, parsed)
        fixed = [{"terms": {field: list(v)}} for facet, field, v in active if facet is None]
        facet_filters = {facet: {"terms": {field: list(v)}} for facet, field, v in active if facet}

        if query.sort == "newest":
            sort = [{"date_created": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        elif query.sort == "title":
            sort = [{"sort_title": "asc"}, {"id": "asc"}]
        else:
            sort = [{"_score": "desc"}, {"id": "asc"}]

        aggs = {}
        selected = query.filter_map
        for name in (f for f in FACETS if f in query.facets):
            others = [f for k, f in facet_filters.items() if k != name]
            field = FACET_FIELDS[name]
            inner = {"values": {"terms": {"field": field, "size": FACET_SIZE}}}
            if selected.get(name):
                inner["selected"] = {
                    "terms": {"field": field, "include": list(selected[name]), "size": 100}
                }
            aggs[name] = {
                "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                "aggs": inner,
            }

        body: dict = {
            "post_filter": {"bool": {"filter": list(facet_filters.values())}},
            "aggs": aggs,
            "sort": sort,
            "size": query.per_page,
            "track_total_hits": True,
            "_source": {"excludes": ["extra", "codes"]},
        }
        seen = 0
        if query.cursor:
            token = decode_cursor(query.cursor)
            body["search_after"] = token.get("a")
            seen = int(token.get("n", 0))
        else:
            body["from"] = query.offset
            seen = query.offset
        if parsed.words:
            body["highlight"] = {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "fields": {
                    "title": {"number_of_fragments": 0},
                    "description": {"fragment_size": 180, "number_of_fragments": 1},
                },
            }

        unknown = self._unknown_words(parsed.words) if parsed.words else set()
        for require_all in (True, False):
            if parsed.words:
                must = [self._text_query(parsed.words, require_all, unknown)]
            else:
                must = [{"match_all": {}}]
            body["query"] = {"bool": {"must": must, "filter": fixed}}
            resp = self.client.search(index=self.alias, **body)
            total = resp["hits"]["total"]["value"]
            if total >= MIN_ALL_WORDS_HITS or not require_all or len(parsed.words) < 2:
                break

        hits = []
        raw_hits = resp["hits"]["hits"]
        for h in raw_hits:
            hl = {k: v[0] for k, v in (h.get("highlight") or {}).items() if v}
            hits.append(hit_from_document(h["_source"], h.get("_score") or 0.0, hl))

        facets = []
        for name in (f for f in FACETS if f in query.facets):
            agg = resp["aggregations"][name]
            counts = {str(b["key"]): b["doc_count"] for b in agg["values"]["buckets"]}
            for b in agg.get("selected", {}).get("buckets", []):
                counts[str(b["key"])] = b["doc_count"]
            facets.append(build_facet(name, counts, selected.get(name, ())))

        end = seen + len(raw_hits)
        next_cursor = None
        if raw_hits and end < total:
            next_cursor = encode_cursor({"a": raw_hits[-1]["sort"], "n": end})
        return results(query, hits, total, facets, next_cursor)

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        like = prefix.lower().replace(" ", "-")
        escaped = "".join("\\" + c if not c.isalnum() else c for c in like)
        body = {
            "size": limit,
            "query": {"match_phrase_prefix": {"title": {"query": prefix}}},
            "sort": [{"_score": "desc"}, {"id": "asc"}],
            "_source": ["title", "slug"],
            "aggs": {
                # Over every document, not only the title matches (as FTS5 does).
                "all": {
                    "global": {},
                    "aggs": {
                        "subject": {
                            "terms": {"field": "subjects", "include": f"{escaped}.*", "size": 3}
                        },
                        # Codes are matched on their normalised (lower-case) keys.
                        "standard": {
                            "terms": {
                                "field": "standard_keys",
                                "include": f"{escaped}.*",
                                "size": 3,
                            }
                        },
                    },
                }
            },
        }
        try:
            resp = self.client.search(index=self.alias, **body)
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
