"""Answering a search or a suggestion from Elasticsearch.

A search is one ``_msearch`` round trip in the common case (``queries`` builds the bodies):
the page of hits (scored, filters applied, no total counting, so Lucene can skip), and the
facet counts and total (``size: 0``, no scoring, cacheable by the shard request cache). Only
when no document holds every word does a second trip ask, per word, whether any document
holds it (a tiny probe), with the likely next request riding along: a single word's typo
expansion, several words' any-word fallback. Few documents holding every word (any-word
fallback), or typos among several words, take a trip more. Deep paging uses ``search_after``.
The page's words are marked here (``highlight``), not by Elasticsearch's highlighter.

The hybrid ranking's first trip carries its kNN section in the counting requests
(``Knn``): Elasticsearch counts (total and facets) over the union of the ``k`` neighbours and
the ``query``'s matches, and the first counting request, asked for ``k`` hits, returns the
neighbours first (scored by similarity, the word matches in filter context score 0). The
neighbours, the page of word matches and the counts over both come in one trip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exc

from ...query import EngineUnavailable, SearchQuery, SearchResults
from ...understanding import closest_terms, correctable, pick_correction, understand
from ..base import (
    MIN_ALL_WORDS_HITS,
    build_facet,
    constraints,
    decode_cursor,
    encode_cursor,
    hit_from_document,
    results,
)
from . import queries
from .errors import CLIENT_ERRORS, not_built, unavailable
from .highlight import Marker

# The shard request cache keeps answers until a refresh changes the index, so it is exact; it
# takes size-0 requests by itself, hits only when asked. Off: every search computed (benchmarks).
REQUEST_CACHE = True
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
        "suggest.*.options.text",
    )
)

MSearch = Callable[[list[dict]], list[dict]]
# A kNN request sent in the first trip (``vectors.knn_body``: its ``knn`` section, ``size``
# and ``_source``), and what turns an answer holding the neighbours as hits into their ids.
Knn = tuple[dict, Callable[[dict], list[int]]]


def msearch(client: Elasticsearch, alias: str, bodies: list[dict]) -> list[dict]:
    """The answers to ``bodies``, sent in one ``_msearch`` request."""
    searches: list[dict] = []
    for body in bodies:
        searches += [{"request_cache": REQUEST_CACHE}, body]
    resp = client.msearch(index=alias, searches=searches, filter_path=_MSEARCH_FILTER).body
    answers = resp.get("responses") or []
    for answer in answers:
        error = answer.get("error")
        if error:
            if error.get("type") == "index_not_found_exception":
                raise not_built()
            raise EngineUnavailable(
                f"Elasticsearch refused the search: {error.get('type')}: {error.get('reason')}"
            )
    return answers


def run(
    query: SearchQuery,
    msearch: MSearch,
    understood=None,
    extra_ids=(),
    exclude_ids=(),
    only_ids=None,
    offset=None,
    knn: Knn | None = None,
    marked=None,
) -> SearchResults:
    """The results of ``query``, asking Elasticsearch through ``msearch`` (one trip a call).

    ``extra_ids`` join the text matches (scored 0, after them: the hybrid ranking's
    neighbours) in a last trip, once the trips before decided how the words match (a
    neighbour must not count as a document holding every word); ``exclude_ids``/``only_ids``
    restrict the results; ``offset`` replaces the query's page (the hybrid tail).

    ``knn``: the hybrid ranking's neighbours, asked in the first trip beside the words (the
    request and a function from its answer to ids, which become ``extra_ids``). The page
    holds word matches only. When facets are counted on the first page, the first trip
    counts over words and neighbours too (``_with_neighbours``), and so does the later trip
    that reads the words for the last time (documents holding some of them, or a single
    word's correction; its page then ends with the neighbours, scored 0): one trip when
    enough documents hold every word, two when too few do. Corrections among several words,
    or no facets, take a last trip counting over both.

    ``marked``, given the page's hits unmarked, names those whose words are marked (the
    hybrid ranking shows 20 of its window of 100); by default every hit is."""
    parsed = understood or understand(query.text)
    words = parsed.words
    active = constraints(query, parsed)
    plan = queries.Plan.of(query, active, parsed, (), exclude_ids, only_ids, offset)
    seen = query.offset if offset is None else offset
    after = None
    if query.cursor and offset is None:
        token = decode_cursor(query.cursor)
        after, seen = token.get("a"), int(token.get("n", 0))

    # First trip: every word taken as known, every word required. Any document found
    # holds every word, so a word no document holds (a typo) is looked for only when none
    # is found.
    unknown: set[str] = set()
    fixed: dict[str, str] = {}
    require_all = True
    first = plan.bodies(words, True, {}, after)
    # Whether the counts read are over the words and the neighbours (``counted``: the total
    # and counts so read), so that no last trip is needed to count them.
    final, counted = False, None
    if knn is not None and words and len(first) > 1 and after is None and not seen:
        answers = msearch(_with_neighbours(first, knn[0]))
        extra_ids = knn[1](_neighbours(answers[1]))
        raw_hits, total, counts = plan.read(answers)
        final, counted = True, (total, counts)
        # The decisions below need the documents holding the words: all of them are on the
        # page when it is not full, else there are at least a page of them.
        if len(raw_hits) < first[0]["size"]:
            total = len(raw_hits)
    elif knn is not None:
        near, *answers = msearch([knn[0], *first])
        extra_ids = knn[1](near)
        raw_hits, total, counts = plan.read(answers)
    else:
        raw_hits, total, counts = plan.read(msearch(first))

    def any_word(fixed: Mapping[str, str]) -> tuple[list[dict], bool]:
        """Bodies for documents holding some of the words (the last reading of the words),
        counting over the neighbours too when the first trip did (then True)."""
        bodies = plan.bodies(words, False, fixed, after)
        if counted is None or len(bodies) < 2:
            return bodies, False
        near = _with_ids(plan, extra_ids)
        return [bodies[0], *near.bodies(words, False, fixed, after)[1:]], True

    if words and not total:
        # One probe per word (with the words a typo away, for a word no document holds),
        # and for several words, in the same trip, what follows in the likely case: any
        # word (each held by some document).
        single = len(words) == 1
        guess, guess_counted = ([], False) if single else any_word({})
        answers = msearch([*(queries.probe(w, correctable(w, parsed)) for w in words), *guess])
        checks = answers[: len(words)]
        unknown = {w for w, c in zip(words, checks, strict=True) if not queries.total(c)}
        fixed = _corrections(msearch, words, checks, unknown, parsed)
        if single and fixed:  # the last reading of the word: with the neighbours if known
            near = plan if counted is None else _with_ids(plan, extra_ids)
            raw_hits, total, counts = near.read(msearch(near.bodies(words, True, fixed, after)))
            final, counted = counted is not None, (total, counts)
        elif not single and not unknown:
            raw_hits, total, counts = plan.read(answers[len(words) :])
            require_all, final, counted = False, guess_counted, (total, counts)
    if require_all and total < MIN_ALL_WORDS_HITS and len(words) > 1:
        if fixed:  # corrections may give every word enough documents: try that first
            raw_hits, total, counts = plan.read(msearch(plan.bodies(words, True, fixed, after)))
            final = False
        if total < MIN_ALL_WORDS_HITS:  # documents with some of the words follow
            bodies, final = any_word(fixed)
            raw_hits, total, counts = plan.read(msearch(bodies))
            require_all, counted = False, (total, counts)
    if final:  # the last reading of the words counted the neighbours too
        total, counts = counted
        if extra_ids:
            plan = _with_ids(plan, extra_ids)
    elif extra_ids and words:
        plan = _with_ids(plan, extra_ids)
        bodies = plan.bodies(words, require_all, fixed, after)
        if knn is not None and len(bodies) > 1:  # the word matches' page stands: counts only
            page = {"hits": {"hits": raw_hits}}
            raw_hits, total, counts = plan.read([page, *msearch(bodies[1:])])
        else:
            raw_hits, total, counts = plan.read(msearch(bodies))
    if counts is None:  # values left out, or an index without facet_values: per field
        plan = dataclasses.replace(plan, per_field=True)
        raw_hits, total, counts = plan.read(msearch(plan.bodies(words, require_all, fixed, after)))

    terms = [t for w in words for t in (w, *plan.alternatives.get(w, ()))] + list(fixed.values())
    marker = Marker([f for t in terms for w in t.split() for f in queries.forms(w)])
    hits = [hit_from_document(h["_source"], h.get("_score") or 0.0, {}) for h in raw_hits]
    if words and hits:
        wanted = {h.id for h in hits} if marked is None else set(marked(hits))
        hits = [
            hit_from_document(raw["_source"], h.score, _marks(marker, raw["_source"]))
            if h.id in wanted
            else h
            for h, raw in zip(hits, raw_hits, strict=True)
        ]
    selected = query.filter_map
    facets = [build_facet(name, counts[name], selected.get(name, ())) for name in plan.facets]

    end = seen + len(raw_hits)
    next_cursor = None
    if raw_hits and end < total:
        next_cursor = encode_cursor({"a": raw_hits[-1]["sort"], "n": end})
    return results(query, hits, total, facets, next_cursor, fixed)


def _with_ids(plan: queries.Plan, ids) -> queries.Plan:
    """``plan`` matching the documents ``ids`` besides the words (scored 0, after them)."""
    return dataclasses.replace(plan, extra=tuple(int(i) for i in ids))


def _with_neighbours(bodies: list[dict], knn: dict) -> list[dict]:
    """The first trip's bodies (hits, then counting requests) counting the kNN neighbours
    besides the words: each counting request gets the ``knn`` section, so its total and
    aggregations are over the union of the neighbours and its query's matches. The
    neighbours pass every filter of the query, hence every counting request's, so the union
    is the words and neighbours that request's filters admit, as ``extra_ids`` counts them.
    The first one also returns the neighbours (``k`` hits: neighbours score their
    similarity, the words in filter context 0; ``_neighbours`` keeps the former)."""
    hits, first, *others = bodies
    section = knn["knn"]
    return [
        hits,
        {**first, "knn": section, "size": knn["size"], "_source": knn["_source"]},
        *({**body, "knn": section} for body in others),
    ]


def _neighbours(answer: dict) -> dict:
    """The answer to the first counting request of ``_with_neighbours`` as the answer to a
    kNN request: its hits scored by similarity (above 0: ``(1 + cosine) / 2`` with a floor
    above -1), in their order."""
    hits = answer.get("hits", {}).get("hits", [])
    return {"hits": {"hits": [h for h in hits if (h.get("_score") or 0.0) > 0]}}


def _marks(marker: Marker, doc: dict) -> dict[str, str]:
    return {
        "title": marker.whole(doc.get("title") or ""),
        "description": marker.fragment(doc.get("description") or ""),
    }


def _corrections(msearch: MSearch, words, checks, unknown: set[str], parsed) -> dict[str, str]:
    """Each word no document holds → the indexed word it is corrected to, chosen as FTS5
    chooses (``closest_terms`` among the suggester's candidates, ties broken by the documents
    holding each, counted in one more trip only when there is a tie)."""
    near = {
        w: closest_terms(w, queries.suggested(c))
        for w, c in zip(words, checks, strict=True)
        if w in unknown and correctable(w, parsed)
    }
    tied = sorted({t for terms in near.values() if len(terms) > 1 for t in terms})
    counts = {}
    if tied:
        answers = msearch([queries.frequency(t) for t in tied])
        counts = {t: queries.total(a) for t, a in zip(tied, answers, strict=True)}
    return {w: pick_correction(terms, counts) for w, terms in near.items() if terms}


def suggest(client: Elasticsearch, alias: str, prefix: str, limit: int) -> list[dict]:
    """Titles starting with the words typed, then subjects and standard codes starting so."""
    try:
        resp = client.search(index=alias, **queries.suggest_body(prefix, limit))
    except es_exc.NotFoundError:
        return []
    except CLIENT_ERRORS as exc:
        raise unavailable(exc) from exc
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
