"""Answering a search or a suggestion from one read transaction of an FTS5 index.

A search: the snapshot of the index generation (``snapshot``) turns filters into id sets, the
planner's passes give the text matches, their intersection is the result set; then the page
(ranked, or in date or title order), its documents and highlights, and the facet counts, each
counted the cheaper way (intersecting per-value id sets, or reading the matched rows).
"""

from __future__ import annotations

import json

from ...documents import counted_field
from ...query import FACETS, SearchQuery, SearchResults
from ...textparse import parse_text
from ..base import (
    MARK_END,
    MARK_START,
    build_facet,
    constraints,
    decode_cursor,
    encode_cursor,
    hit_from_document,
    results,
)
from . import bitsets, planner, snapshot

# Facet counts: intersecting one value's id set costs about 0.1 ns per indexed document, reading
# the facet rows of one matched document about 3 µs; each facet is counted the cheaper way.
SPARSE_FACETS = 30_000


def facet_counts(conn, snap: snapshot.Snapshot, field: str, ids: int) -> dict[str, int]:
    """Documents per value of ``field`` among ``ids``."""
    by_value = snap.field(conn, field)
    if ids.bit_count() * SPARSE_FACETS < len(by_value) * snap.size:
        return dict(
            conn.execute(
                "SELECT value, count(DISTINCT doc_id) FROM facets INDEXED BY facets_doc "
                "WHERE facet = ? AND doc_id IN (SELECT value FROM json_each(?)) "
                "GROUP BY value",
                (field, bitsets.to_json(ids)),
            )
        )
    counts = {}
    for value, docs in by_value.items():
        n = (docs & ids).bit_count()
        if n:
            counts[value] = n
    return counts


def allowed_ids(conn, query: SearchQuery, parsed, index_key: str) -> int:
    """The id set every filter of ``query`` (and the grades and codes typed) admits."""
    snap = snapshot.current(conn, index_key)
    bits = snap.live
    for _facet, field, values in constraints(query, parsed):
        bits &= snap.matching(conn, field, values)
    return bits


def payloads(conn, ids: list[int]) -> dict[int, dict]:
    return {
        i: json.loads(p)
        for i, p in conn.execute(
            "SELECT id, payload FROM docs WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
    }


def search(
    conn,
    query: SearchQuery,
    parsed,
    index_key: str,
    *,
    extra_ids=(),
    exclude_ids=(),
    only_ids=None,
    offset: int | None = None,
    marked=None,
) -> SearchResults:
    """``index_key``: the snapshot key of an index file written before it had a uid.

    ``extra_ids`` join the text matches (ranked after them, in the order given: the hybrid
    ranking's semantic neighbours); a function giving them is called once the words are
    matched and their page ranked (the query's embedding can run meanwhile); ``exclude_ids``
    and ``only_ids`` restrict the results; ``offset`` overrides the query's page (the hybrid
    ranking's tail). ``marked``, given the page's hits unmarked, names those whose words are
    marked (the hybrid ranking shows 20 of its window of 100); by default every hit is."""
    snap = snapshot.current(conn, index_key)
    given = [
        (facet, snap.matching(conn, field, values))
        for facet, field, values in constraints(query, parsed)
    ]
    if exclude_ids:
        given.append((None, snap.live & ~bitsets.from_ids(exclude_ids)))
    if only_ids is not None:
        given.append((None, bitsets.from_ids(only_ids)))

    def allowed(skip: str | None = None) -> int:
        bits = snap.live
        for facet, ids in given:
            if facet is None or facet != skip:
                bits &= ids
        return bits

    filtered = allowed()
    passes: list[planner.Pass] = []
    expr_all = ""
    fixed: dict[str, str] = {}
    text = snap.live
    if parsed.words:
        synonyms = getattr(parsed, "alternatives", None)
        fixed = planner.corrections(conn, parsed.words, snap.vocab, synonyms)
        passes, expr_all = planner.passes(conn, parsed.words, snap.vocab, synonyms, fixed)
        text = 0
        for _expr, _factor, matches, _new in passes:
            text |= matches
    lexical = text & filtered
    if offset is None:
        offset = query.offset
        if query.cursor:
            offset = int(decode_cursor(query.cursor).get("o", 0))
    ranked = query.sort == "relevance" and parsed.words
    if ranked:
        page = planner.ranked(conn, parsed.words, passes, lexical, offset + query.per_page)
    if callable(extra_ids):
        extra_ids = extra_ids()
    extra = bitsets.from_ids(extra_ids) if extra_ids else 0
    text |= extra
    found = text & filtered
    total = found.bit_count()

    if ranked:
        if len(page) < offset + query.per_page and extra:
            admitted = found & ~lexical
            page += [(i, 0.0) for i in extra_ids if (admitted >> i) & 1]
        page = page[offset : offset + query.per_page]
    elif query.sort == "relevance":  # no words: every score is 0, ties break on id
        page = [(i, 0.0) for i in bitsets.to_ids(found, offset, query.per_page)]
    else:
        ids = planner.sorted_ids(conn, query.sort, found, snap.live, offset, query.per_page)
        scores: dict[int, float] = {}
        if parsed.words and ids:
            scores = dict(planner.ranked(conn, parsed.words, passes, bitsets.from_ids(ids), None))
        page = [(i, scores.get(i, 0.0)) for i in ids]

    page_ids = json.dumps([i for i, _s in page])
    rows = dict(
        conn.execute(
            "SELECT id, payload FROM docs WHERE id IN (SELECT value FROM json_each(?))",
            (page_ids,),
        ).fetchall()
    )
    docs = {i: json.loads(rows[i]) for i, _s in page}
    hits = [hit_from_document(docs[i], -float(s or 0.0), {}) for i, s in page]
    if parsed.words and hits:
        wanted = [h.id for h in hits] if marked is None else list(marked(hits))
        highlights = _highlights(conn, expr_all, wanted) if wanted else {}
        hits = [
            hit_from_document(docs[h.id], h.score, highlights[h.id]) if h.id in highlights else h
            for h in hits
        ]

    selected = query.filter_map
    facets = []
    for name in (f for f in FACETS if f in query.facets):
        # Multi-select: a filtered facet counts as if its own filter were not there.
        base = text & allowed(name) if name in selected else found
        counts = facet_counts(conn, snap, counted_field(name), base)
        facets.append(build_facet(name, counts, selected.get(name, ())))

    end = offset + len(page)
    next_cursor = encode_cursor({"o": end}) if end < total else None
    return results(query, hits, total, facets, next_cursor, fixed)


def _highlights(conn, expr_all: str, ids: list[int]) -> dict[int, dict[str, str]]:
    """The title and description snippet of ``ids`` with the words of ``expr_all`` marked:
    only the fields holding a mark, only documents holding a word."""
    out: dict[int, dict[str, str]] = {}
    for doc_id, title, description in conn.execute(
        "SELECT rowid, highlight(fts, 0, ?, ?), snippet(fts, 3, ?, ?, '…', 28) "
        "FROM fts WHERE fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
        [MARK_START, MARK_END, MARK_START, MARK_END, expr_all, json.dumps(ids)],
    ):
        hl = {"title": title, "description": description}
        out[doc_id] = {k: v for k, v in hl.items() if MARK_START in (v or "")}
    return out


def suggest(conn, prefix: str, limit: int) -> list[dict]:
    """Titles starting with the words typed, then subjects and standard codes starting so."""
    out: list[dict] = []
    words = parse_text(prefix).words
    if words:
        expr = " AND ".join(planner.quote(w) for w in words) + "*"
        expr = "title : (" + expr + ")"
        for (payload,) in conn.execute(
            "SELECT d.payload FROM fts JOIN docs d ON d.id = fts.rowid "
            "WHERE fts MATCH ? ORDER BY bm25(fts), d.id LIMIT ?",
            (expr, limit),
        ):
            doc = json.loads(payload)
            out.append(
                {
                    "kind": "title",
                    "value": doc["title"],
                    "url": f"/materials/{doc['slug']}/",
                }
            )
    like = prefix.lower().replace(" ", "-") + "%"
    for field, kind in (("subjects", "subject"), ("standard_keys", "standard")):
        for value, _n in conn.execute(
            "SELECT value, count(*) AS n FROM facets "
            "WHERE facet = ? AND lower(value) LIKE ? "
            "GROUP BY value ORDER BY n DESC, value LIMIT 3",
            (field, like),
        ):
            out.append({"kind": kind, "value": value})
    return out[:limit]
