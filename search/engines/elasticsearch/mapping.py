"""What the Elasticsearch index holds: the mapping, and the fields added to each document.

The mapping is explicit and strict (an unknown field is an error, not a guess). Besides the
fields of ``documents.py`` (the same for both engines), each document gets ``facet_values``
(every facet's ``<facet>:<value>``, so one aggregation counts every facet) and, per facet in
``SET_FIELDS``, its values as one set (``indexed_fields``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from elasticsearch.dsl import (
    Date,
    DenseVector,
    Document,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
)

from ...documents import counted_field
from ...query import FACETS

FACET_VALUES = "facet_values"  # the keyword field of every facet's "<facet>:<value>"
# Facets counted as the set of values each document has, one value: grades are indexed as the
# full range (a K-12 material holds 14 grades) but there are only ~100 distinct ranges. The
# field holding a document's set for the facet's own counting request, and the separator.
SET_FIELDS = {"grade": "grade_set"}
SET_SEP = "\x1f"


def _values(doc: Mapping, name: str) -> list[str]:
    value = doc.get(counted_field(name))
    values = [value] if isinstance(value, str) else value or ()
    return list(dict.fromkeys(str(v) for v in values if v is not None and v != ""))


def facet_values(doc: Mapping) -> list[str]:
    """The document's ``facet_values``: ``<facet>:<value>`` for each value of each facet
    (facet names hold no colon, values may), one ``<facet>:<set>`` for SET_FIELDS facets."""
    out = []
    for name in FACETS:
        values = _values(doc, name)
        if name in SET_FIELDS and values:
            out.append(f"{name}:{SET_SEP.join(values)}")
        else:
            out += [f"{name}:{v}" for v in values]
    return out


def indexed_fields(doc: Mapping) -> dict:
    """What this engine indexes besides the document (``documents.py``) itself."""
    out: dict = {FACET_VALUES: facet_values(doc)}
    for name, field in SET_FIELDS.items():
        out[field] = SET_SEP.join(_values(doc, name)) or None
    return out


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
        # Filter only (include suggested alignments): not searched as text.
        standard_keys_with_suggested = Keyword()
        # The standard facet's values (a standard is filtered by ``standard_keys``).
        standard_codes_display = facet()
        frameworks = facet()
        accessibility = facet()
        # Every facet's values as "<facet>:<value>": counting several facets reads this one
        # field per document (facet_values below; not in documents.py, FTS5 has no use).
        facet_values = facet()
        grade_set = facet()  # the document's grades as one value (SET_FIELDS)
        approved_lists = facet()
        approved_jurisdictions = facet()
        date_created = sort_key(Date)
        date_modified = stored(Date)
        license = facet()
        license_family = stored()
        license_bucket = facet()
        extra = text()
        codes = Text(analyzer="standard")
        # The material's sentence vector (search.vectors), HNSW-indexed for filtered kNN.
        embedding = DenseVector(dims=384, index=True, similarity="cosine")

        class Meta:
            dynamic = MetaField("strict")
            # The vector is indexed (HNSW) but not kept in ``_source``: it was four fifths of
            # each stored document, which Elasticsearch decompresses for every hit it returns
            # (even for its ``_id``). The vector store keeps the vectors (``engine.vector``),
            # and a rebuild's bulk requests take them from it.
            source = MetaField(excludes=["embedding"])

    return MaterialDocument
