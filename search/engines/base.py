"""What every search engine implements, and helpers they share so their answers agree."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping

from django.utils.html import escape

from ..documents import FACET_FIELDS

# The cursor codec lives with SearchQuery (one decoding point); engines import it from here.
from ..query import (  # noqa: F401
    Facet,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResults,
    decode_cursor,
    encode_cursor,
)
from ..textparse import normalize_code

# Highlight markers that cannot occur in indexed text; turned into <mark> after escaping.
MARK_START, MARK_END = "\x02", "\x03"
FACET_SIZE = 50  # values returned per facet (selected values are always added)
# Documents with every word come first; when fewer than this many have them all, documents
# with some of the words follow (ranked below). Both engines apply the same rule.
MIN_ALL_WORDS_HITS = 20


class Engine(ABC):
    name: str

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[dict]: ...

    @abstractmethod
    def index_documents(self, docs: Iterable[dict]) -> int:
        """Add or replace documents in the live index; returns how many."""

    @abstractmethod
    def delete_documents(self, ids: Iterable[int]) -> None: ...

    @abstractmethod
    def rebuild(self, docs: Iterable[dict], progress=None) -> str:
        """Build a new index from ``docs`` and make it live atomically; returns its name."""

    @abstractmethod
    def count(self) -> int | None:
        """Documents in the live index (None when there is no index yet)."""

    @abstractmethod
    def describe(self) -> dict: ...

    def refresh(self) -> None:
        """Make writes visible to searches now (tests; Elasticsearch refreshes every second)."""
        return None

    @abstractmethod
    def drop(self) -> None:
        """Delete every index this engine owns (tests)."""


def marked_html(text: str) -> str:
    """Escape ``text`` for HTML, then turn the highlight markers into <mark> elements."""
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def hit_from_document(doc: Mapping, score: float, highlights: Mapping[str, str]) -> Hit:
    return Hit(
        id=int(doc["id"]),
        slug=doc["slug"],
        title=doc["title"],
        description=doc.get("description", ""),
        provider=doc.get("provider", ""),
        grades=tuple(doc.get("grades") or ()),
        resource_types=tuple(doc.get("resource_types") or ()),
        subjects=tuple(doc.get("subjects") or ()),
        license_key=doc.get("license") or "",
        license_bucket=doc.get("license_bucket") or "",
        standards=tuple(doc.get("standards") or ()),
        date_created=doc.get("date_created"),
        score=float(score or 0.0),
        highlights={k: marked_html(v) for k, v in highlights.items() if v},
    )


def _same(name: str):
    """How a facet's selected values meet its counted values: a standard in any spelling
    (``3.nf.a.1`` ticks ``3.NF.A.1``, as its filter matches it), every other facet exactly."""
    return normalize_code if name == "standard" else str


def build_facet(name: str, counts: Mapping[str, int], selected: Iterable[str]) -> Facet:
    """Values by count (then value), selected ones always present, even at zero.

    A selected value is shown by the counted value it names (for a standard, any spelling of
    its code); one that names none is added as given, at zero."""
    key, selected = _same(name), tuple(selected)
    chosen = {key(v) for v in selected}
    values = [
        FacetValue(value=v, count=c, selected=key(v) in chosen)
        for v, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if v
    ][:FACET_SIZE]
    present = {key(v.value) for v in values}
    extra = {v for v in counts if v and key(v) in chosen - present}
    present |= {key(v) for v in extra}
    extra |= {v for v in selected if key(v) not in present}
    values += [FacetValue(v, counts.get(v, 0), True) for v in sorted(extra)]
    return Facet(name=name, values=tuple(values))


def results(query: SearchQuery, hits, total, facets, next_cursor, corrections=None):
    return SearchResults(
        query=query,
        hits=tuple(hits),
        total=int(total),
        facets=tuple(facets),
        next_cursor=next_cursor,
        corrections=dict(corrections or {}),
    )


def constraints(query: SearchQuery, parsed) -> list[tuple[str | None, str, tuple[str, ...]]]:
    """(facet or None, document field, values) triples: OR inside one, AND between them.

    Facet filters carry their facet name so facet counts can leave their own filter out
    (multi-select); grades and codes typed into the query box always apply.
    """
    out: list[tuple[str | None, str, tuple[str, ...]]] = []
    for name, values in query.filters:
        field = FACET_FIELDS[name]
        if name == "standard":
            values = tuple(dict.fromkeys(normalize_code(v) for v in values))
            if query.include_suggested:
                field = FACET_FIELDS["standard_with_suggested"]
        out.append((name, field, values))
    if parsed.grades:
        out.append((None, "grades", parsed.grades))
    for code in parsed.codes:
        out.append((None, "standard_keys", (code,)))
    return out
