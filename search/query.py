"""Typed boundary of the search service: what a caller asks (SearchQuery) and gets (SearchResults).

Engines receive a SearchQuery and return SearchResults; nothing engine-specific crosses this line.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

# Facets every engine computes, in display order. Values are the keys of the indexed document.
FACETS: tuple[str, ...] = (
    "subject",
    "grade",
    "resource_type",
    "license_bucket",
    "license",
    "language",
    "provider",
    "framework",
    # Counted by the codes of aligned statements (3.NF.A.1); filtered by any spelling of a
    # code, matched after normalisation.
    "standard",
    "accessibility",
    "approved_list",
)
# Filters: every facet, plus the jurisdiction of an approved list the material is on ("on any
# list of US-WA").
FILTERS: tuple[str, ...] = FACETS + ("approved_jurisdiction",)
SORTS: tuple[str, ...] = ("relevance", "newest", "title")
# How results are found: words and meaning fused (default), words only, meaning only.
MODES: tuple[str, ...] = ("hybrid", "lexical", "semantic")
MAX_PER_PAGE = 100
MAX_PAGE = 500
# Deep paging: how far a cursor may point (results already seen), and how long its text may
# be (Elasticsearch's holds the last title sort value: 500 characters, JSON-escaped, base64).
MAX_CURSOR_OFFSET = 10_000_000
MAX_CURSOR_LENGTH = 16_384
_CURSOR_MESSAGE = "the cursor is not valid; start again from page 1"


class BadQuery(ValueError):
    """A query the caller must fix (unknown filter, bad page…); the message says what."""


class EngineUnavailable(RuntimeError):
    """The search engine cannot be reached or answered with an error."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # Facet name -> selected values. OR within one facet, AND across facets.
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    facets: tuple[str, ...] = FACETS
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    # Opaque token from SearchResults.next_cursor for deep paging; replaces ``page``.
    cursor: str | None = None
    mode: str = "hybrid"
    # The standard filter also admits materials whose alignment is only suggested (pending a
    # curator); without it, confirmed alignments only.
    include_suggested: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise BadQuery(f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}")
        if self.cursor is not None:
            decode_cursor(self.cursor)
        for name, _values in self.filters:
            if name not in FILTERS:
                raise BadQuery(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}")
        for name in self.facets:
            if name not in FACETS:
                raise BadQuery(f"unknown facet {name!r}; use one of {', '.join(FACETS)}")
        if self.sort not in SORTS:
            raise BadQuery(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        if not 1 <= self.page <= MAX_PAGE:
            raise BadQuery(f"page must be between 1 and {MAX_PAGE} (use the cursor to go deeper)")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery(f"per_page must be between 1 and {MAX_PER_PAGE}")

    @classmethod
    def build(
        cls, text: str = "", filters: Mapping[str, object] | None = None, **kw
    ) -> SearchQuery:
        """Convenience constructor: ``filters={"grade": ["3"], "subject": "mathematics"}``."""
        items = []
        for name, values in sorted((filters or {}).items()):
            vals = (values,) if isinstance(values, str) else tuple(values)  # type: ignore[arg-type]
            vals = tuple(dict.fromkeys(str(v) for v in vals if str(v).strip()))
            if vals:
                items.append((name, vals))
        if "facets" in kw:
            kw["facets"] = tuple(kw["facets"])
        return cls(text=text.strip(), filters=tuple(items), **kw)

    @property
    def filter_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def encode_cursor(payload: dict) -> str:
    """An engine's position after a page (``o``: offset; ``a``/``n``: sort values of the last
    hit and results seen) as an opaque, URL-safe token."""
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _whole(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_CURSOR_OFFSET


def _sort_value(value: object) -> bool:
    return value is None or type(value) in (int, float, str)


def decode_cursor(token: str) -> dict:
    """The payload of a token from ``encode_cursor``; BadQuery for anything else.

    Callers send tokens back, so a token may be anything: it must be short base64 of a JSON
    object whose offsets (``o``, ``n``) are whole numbers from 0 to MAX_CURSOR_OFFSET and
    whose ``a`` is a short list of plain sort values."""
    try:
        if len(token) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        payload = json.loads(raw)
    except (ValueError, binascii.Error) as exc:  # json and unicode errors are ValueErrors
        raise BadQuery(_CURSOR_MESSAGE) from exc
    if not (
        isinstance(payload, dict)
        and payload
        and set(payload) <= {"o", "a", "n"}
        and all(_whole(payload[k]) for k in ("o", "n") if k in payload)
        and ("a" not in payload or "n" in payload)
        and (
            "a" not in payload
            or (
                isinstance(payload["a"], list)
                and 1 <= len(payload["a"]) <= 4
                and all(_sort_value(v) for v in payload["a"])
            )
        )
    ):
        raise BadQuery(_CURSOR_MESSAGE)
    return payload


@dataclass(frozen=True)
class Hit:
    id: int
    slug: str
    title: str
    description: str
    provider: str
    grades: tuple[str, ...]
    resource_types: tuple[str, ...]
    subjects: tuple[str, ...]
    license_key: str
    license_bucket: str
    standards: tuple[str, ...]
    date_created: str | None
    score: float
    # Field -> HTML-escaped text with <mark>…</mark> around matched words.
    highlights: Mapping[str, str] = field(default_factory=dict)
    # Why it was found: "words" (the text matched), "meaning" (a semantic neighbour), or both;
    # "standard" for a query of standard codes only (aligned to the code asked).
    matched: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"/materials/{self.slug}/"


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: tuple[Hit, ...]
    total: int
    facets: tuple[Facet, ...] = ()
    next_cursor: str | None = None
    # Words the engine used after stop-word removal and typo correction (for "did you mean").
    corrections: Mapping[str, str] = field(default_factory=dict)
    # What the search did besides matching ("showing grades 3–5: no grade 3 materials").
    notes: tuple[str, ...] = ()
    # Offers when little matched: {"label": …, "params": {query parameters}}.
    alternatives: tuple[Mapping, ...] = ()

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)

    def counts(self, name: str) -> dict[str, int]:
        f = self.facet(name)
        return {v.value: v.count for v in f.values} if f else {}

    @property
    def pages(self) -> int:
        per = self.query.per_page
        return max(1, min(MAX_PAGE, (self.total + per - 1) // per))
