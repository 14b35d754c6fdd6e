"""The Elasticsearch engine: the ``Engine`` interface over the indices (``lifecycle``),
bulk writes (``bulk``) and searches (``search``), with client errors as ``EngineUnavailable``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from ...query import EngineUnavailable, SearchQuery, SearchResults
from ...understanding import understand
from ...vectors import store as vector_store
from ...vectors.embed import attach_vectors
from ..base import Engine, constraints, hit_from_document
from . import bulk, lifecycle
from . import search as es_search
from . import vectors as es_vectors
from .errors import CLIENT_ERRORS, not_built, unavailable
from .mapping import document_class


class ElasticsearchEngine(Engine):
    name = "elasticsearch"
    stores_vectors = True  # documents carry their vector (``embedding``)

    def __init__(self, config: dict):
        self.config = config
        self.alias = f"{config['INDEX_PREFIX']}-materials"
        analyzer = "english" if config.get("ENGLISH_ANALYSIS") else "standard"
        self.document = document_class(analyzer)

    @property
    def client(self) -> Elasticsearch:
        return lifecycle.client(self.config)

    @functools.cached_property
    def indices(self) -> lifecycle.Indices:
        mapping = self.document._doc_type.mapping.to_dict()
        return lifecycle.Indices(self.client, self.alias, mapping, self.config)

    # -- writes ------------------------------------------------------------------------------
    def index_documents(self, docs: Iterable[dict]) -> int:
        try:
            live = self.indices.ensure_alias()
            values = all(self.indices.maps_facet_values(i) for i in live)
            return bulk.send(self.client, self.alias, bulk.bulk_lines(docs, facet_values=values))
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def delete_documents(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        try:
            if not self.indices.live():
                return
            bulk.send(self.client, self.alias, bulk.bulk_lines(ids, op="delete"))
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        docs = attach_vectors(docs, self.config)
        try:
            return self.indices.rebuild(
                lambda name: bulk.send(self.client, name, bulk.bulk_lines(docs), progress)
            )
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def refresh(self) -> None:
        try:
            self.indices.refresh()
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def drop(self) -> None:
        self.indices.drop()

    # -- reads -------------------------------------------------------------------------------
    def count(self) -> int | None:
        try:
            if not self.indices.live():
                return None
            return self.client.count(index=self.alias)["count"]
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def describe(self) -> dict:
        return {
            "engine": self.name,
            "alias": self.alias,
            "indices": self.indices.live(),
            "documents": self.count(),
        }

    def _msearch(self, bodies: list[dict]) -> list[dict]:
        return es_search.msearch(self.client, self.alias, bodies)

    def put_vectors(self, vectors: dict) -> int:
        try:
            live = self.indices.ensure_alias()
            es_vectors.ensure_mapped(self.client, live)
            return es_vectors.put(self.client, self.alias, vectors)
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def vector(self, material_id: int):
        """The material's vector, from the vector store (the index keeps none in ``_source``);
        None where this host has none (``service.similar`` then embeds the material's text)."""
        return vector_store.vectors_of(vector_store.store_path(self.config), [material_id]).get(
            int(material_id)
        )

    def knn(
        self,
        vector,
        query: SearchQuery,
        understood=None,
        k: int = 100,
        floor: float = -1.0,
        exclude=(),
    ):
        """The ``k`` nearest materials the query's filters admit, as hits (score: cosine)."""
        parsed = understood or understand(query.text)
        filters = [
            {"terms": {field: list(values)}} for _f, field, values in constraints(query, parsed)
        ]
        body = es_vectors.knn_body(vector, filters, k, floor, exclude)
        try:
            (answer,) = self._msearch([body])
        except EngineUnavailable as exc:
            if "embedding" in str(exc):  # an index built before vectors: none to search
                return []
            raise
        except es_exc.NotFoundError as exc:
            raise not_built() from exc
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc
        return [
            hit_from_document(h["_source"], es_vectors.cosine(h.get("_score") or 0.0), {})
            for h in answer.get("hits", {}).get("hits", [])
        ]

    def knn_search(self, vector, query: SearchQuery, understood, k: int, floor: float, shown=None):
        """``knn`` and ``search`` with the neighbours as ``extra_ids``, in one trip where
        they take three when the words need no second look (the kNN section rides in the
        first trip's counting requests, ``search.run``): (neighbours, results).
        ``vector``: the query's vector, or a function computing it. ``shown(neighbours,
        hits)``: the ids of the word matches shown, the only ones whose words are marked; by
        default all are."""
        vector = vector() if callable(vector) else vector
        filters = [
            {"terms": {field: list(values)}} for _f, field, values in constraints(query, understood)
        ]
        body = es_vectors.knn_body(vector, filters, k, floor)
        near: list = []

        def neighbours(answer: dict) -> list[int]:
            near.extend(
                hit_from_document(h["_source"], es_vectors.cosine(h.get("_score") or 0.0), {})
                for h in answer.get("hits", {}).get("hits", [])
            )
            return [h.id for h in near]

        try:
            marked = None if shown is None else (lambda hits: shown(near, hits))
            results = es_search.run(
                query, self._msearch, understood, knn=(body, neighbours), marked=marked
            )
        except EngineUnavailable as exc:
            if "embedding" not in str(exc):  # an index built before vectors: words only
                raise
            return [], self.search(query, understood)
        except es_exc.NotFoundError as exc:
            raise not_built() from exc
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc
        return near, results

    def search(self, query: SearchQuery, understood=None, **extra) -> SearchResults:
        try:
            return es_search.run(query, self._msearch, understood, **extra)
        except es_exc.NotFoundError as exc:
            raise not_built() from exc
        except CLIENT_ERRORS as exc:
            raise unavailable(exc) from exc

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        return es_search.suggest(self.client, self.alias, prefix, limit)
