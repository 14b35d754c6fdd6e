"""Elasticsearch engine: an explicit mapping, versioned indices behind an alias.

``<prefix>-materials`` is an alias to ``<prefix>-materials-<timestamp>``; a rebuild fills a new
index and moves the alias in one atomic call, so searches never see a half-built index. A
search is one ``_msearch`` round trip in the common case; deep paging uses ``search_after``.

Facet counts read one keyword field, ``facet_values`` (every facet's ``<facet>:<value>``, the
grades of a document as one set), added to each document on its way to the index
(``mapping.indexed_fields``); the documents of ``documents.py`` stay the same for both
engines. Counting costs a doc-values read per matching document and aggregation, so one
aggregation for all facets instead of one per facet takes a third off a word in most
documents. An index built before the field is still counted right, per facet field, and
written to without it (its mapping is strict) until ``search_index rebuild``.

- ``mapping``: the document mapping and the fields added to each document;
- ``lifecycle``: the client, creating indices, the alias swap of a rebuild, dropping;
- ``bulk``: writing documents with ``_bulk`` requests;
- ``queries``: the request bodies of a search and reading their answers (no I/O);
- ``search``: a search's round trips and its page, and suggestions;
- ``highlight``: marking the query's words in the page's titles and descriptions;
- ``errors``: client errors as ``EngineUnavailable``;
- ``engine``: ``ElasticsearchEngine``, the ``Engine`` interface over them.
"""

from .engine import ElasticsearchEngine

__all__ = ["ElasticsearchEngine"]
