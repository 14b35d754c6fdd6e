"""Request bodies of the Elasticsearch engine, and reading their answers. No I/O here.

A ``Plan`` turns a SearchQuery into the bodies of one ``_msearch`` trip:

- hits: the page, scored, every filter in the query (so Lucene may skip documents), no total,
  no highlighting (``highlight`` marks the page's words);
- counts (when facets are asked for): ``size: 0``, the text in filter context (no scoring),
  ``terms`` aggregations. The first request applies every filter: its ``hits.total`` is the
  total, and it counts the facets not filtered on. A facet that is filtered on is counted by a
  request of its own that leaves its filter out (multi-select), so each request's query admits
  exactly the documents it counts and Lucene skips the rest. Being ``size: 0`` each answer is
  kept by the shard request cache until the next refresh changes the index.

Counting costs a doc-values read per matching document and aggregation, plus a little per
value, so a request counting several facets reads one field: ``facet_values``, every facet's
values as ``<facet>:<value>`` (``mapping.facet_values()``, added to the document for this
engine only; a document's grades, indexed as the whole range, as one value: the set), all its values
at once; ``build_facet`` keeps each facet's top values as it always did. A request counting
one facet reads that facet's own field (grades: ``grade_set``), all its values too, so a
selected value is counted wherever it ranks (no second aggregation for it). When an answer
shows values were left out (more than ``ALL_VALUES``) or no ``facet_values`` (an index built
before it), the search counts again per facet field: top ``FACET_SIZE`` plus the selected
values (``Plan(per_field=True)``).

A trip with a corrected typo sends one combined request instead (``Plan._combined``). A typo
is corrected as on FTS5: the per-word ``probe`` asks the term suggester for the indexed words
a typo away, ``understanding.closest_terms`` keeps the closest, and, when several are as
close, ``frequency`` counts the documents holding each (``understanding.pick_correction``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ...documents import counted_field
from ...query import FACETS, SearchQuery
from ...textparse import fuzziness
from ..base import FACET_SIZE
from .mapping import FACET_VALUES, SET_FIELDS, SET_SEP

VALUES_AGG = "_values"  # the aggregation over FACET_VALUES (not a facet name)
ALL_VALUES = 10_000  # buckets asked for when every value is wanted

# The same field weights as FTS5's ``planner.WEIGHTS``.
SEARCH_FIELDS = [
    "title^10",
    "keywords^5",
    "subjects.text^3",
    "description^0.5",
    "codes^4",
    "extra",
]
# Where a typo's corrections are looked for (the term suggester, one field at a time): every
# searched text field, as FTS5 reads its whole vocabulary ("grammer" finds the records tagged
# "Grammar"; title and description alone missed most).
SUGGEST_FIELDS = ["title", "keywords", "subjects.text", "description", "codes", "extra"]
SUGGEST_SIZE = 20  # candidates per field; only the closest of them are kept
TYPO_BOOST = 0.5  # a corrected word's matches score half an exact one (as FTS5's TYPO_PENALTY)
PHRASE_SLOP = 4
# What a hit shows (hit_from_document); the rest of _source is never parsed.
HIT_SOURCE = [
    "id",
    "slug",
    "title",
    "description",
    "provider",
    "grades",
    "resource_types",
    "subjects",
    "license",
    "license_bucket",
    "standards",
    "date_created",
]
SORTS = {
    "newest": [{"date_created": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "title": [{"sort_title": "asc"}, {"id": "asc"}],
    "relevance": [{"_score": "desc"}, {"id": "asc"}],
    "id": [{"id": "asc"}],
}


def forms(word: str) -> list[str]:
    """The word and its plural or singular (both engines apply the same forms)."""
    forms = [word, word + "s", word + "es"]
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    return list(dict.fromkeys(forms))


def word_query(word: str, fixed: str | None = None, alts: tuple[str, ...] = ()) -> dict:
    """Any form of the word (or of its synonyms ``alts``; a phrase of several words matches as
    a phrase) in any searched field; with ``fixed`` (the word a typo is corrected to), any
    form of that word too, scored below."""
    common = {"fields": SEARCH_FIELDS, "type": "best_fields"}
    should = []
    for term in (word, *alts):
        if " " in term:
            should.append(
                {"multi_match": {"fields": SEARCH_FIELDS, "type": "phrase", "query": term}}
            )
        else:
            should += [{"multi_match": {**common, "query": f}} for f in forms(term)]
    if fixed and " " not in word:
        should += [
            {"multi_match": {**common, "query": f, "boost": TYPO_BOOST}} for f in forms(fixed)
        ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _word(word: str, fixed: Mapping[str, str], alts: Mapping) -> dict:
    """A word of the query, with its correction when it has one (``fixed``: only a word no
    document holds and that has no alternatives, a nickname's synonyms or none for a word
    typed in quotes, is corrected, as FTS5 does)."""
    typo = None if word in alts else fixed.get(word)
    return word_query(word, typo, tuple(alts.get(word, ())))


def scored_text(
    words: tuple[str, ...], require_all: bool, fixed: Mapping[str, str], alts: Mapping | None = None
) -> dict:
    """The ranking query: every word (or some of them), words close together ranking higher."""
    alts = alts or {}
    per_word = [_word(w, fixed, alts) for w in words]
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


def matching_text(
    words: tuple[str, ...], require_all: bool, fixed: Mapping[str, str], alts: Mapping | None = None
) -> dict:
    """The documents ``scored_text`` matches, for filter context (the phrases only rank)."""
    alts = alts or {}
    per_word = [_word(w, fixed, alts) for w in words]
    if require_all:
        return {"bool": {"filter": per_word}}
    return {"bool": {"should": per_word, "minimum_should_match": 1}}


def probe(word: str, correct: bool = False) -> dict:
    """Does any document hold a form of the word? Stops at the first one. With ``correct``,
    the indexed words a typo away come along (term suggester, each text field; ``suggested``
    reads them), for when none does."""
    body: dict = {
        "size": 0,
        "track_total_hits": True,
        "terminate_after": 1,
        "query": {
            "bool": {
                "should": [
                    {"multi_match": {"query": f, "fields": SEARCH_FIELDS}} for f in forms(word)
                ],
                "minimum_should_match": 1,
            }
        },
    }
    if correct and fuzziness(word):
        term = {
            "suggest_mode": "always",
            "max_edits": fuzziness(word),
            "prefix_length": 1,
            "min_word_length": 3,
            "accuracy": 0.1,
            "size": SUGGEST_SIZE,
            "string_distance": "damerau_levenshtein",
        }
        body["suggest"] = {
            "text": word,
            **{f"_typo{i}": {"term": {**term, "field": f}} for i, f in enumerate(SUGGEST_FIELDS)},
        }
    return body


def suggested(answer: Mapping) -> set[str]:
    """The words a ``probe`` answer's suggester found a typo away."""
    return {
        option["text"]
        for entries in (answer.get("suggest") or {}).values()
        for entry in entries
        for option in entry.get("options", ())
    }


def frequency(term: str) -> dict:
    """How many documents hold the term (the tie-break between equally close corrections)."""
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"multi_match": {"query": term, "fields": SEARCH_FIELDS}},
    }


def total(answer: Mapping) -> int:
    return int(answer.get("hits", {}).get("total", {}).get("value", 0))


def _add(counts: dict[str, int], name: str, key: str, count: int) -> None:
    """Add a bucket's count to its value, or to each value of its set."""
    for value in key.split(SET_SEP) if name in SET_FIELDS else (key,):
        counts[value] = counts.get(value, 0) + count


def _terms(field: str, values: tuple[str, ...]) -> dict:
    return {"terms": {field: list(values)}}


@dataclass(frozen=True)
class Plan:
    query: SearchQuery
    fixed: tuple[dict, ...]  # filters typed into the query box: always applied
    facet_filters: tuple[tuple[str, dict], ...]  # (facet, filter) chosen in the facets
    facets: tuple[str, ...]  # facets to count, display order
    # Count per facet field (top FACET_SIZE and the selected values), not all values at once.
    per_field: bool = False
    alternatives: Mapping = field(default_factory=dict)  # word → synonyms
    # Ids matched besides the text (the hybrid ranking's neighbours; scored 0, after the text
    # matches), and the position of the page when it is not the query's (the hybrid tail).
    extra: tuple[int, ...] = ()
    offset: int | None = None

    @classmethod
    def of(
        cls, query: SearchQuery, active, parsed=None, extra=(), exclude=(), only=None, offset=None
    ) -> Plan:
        """``active``: ``base.constraints(query, parsed)``; ``exclude``/``only``: id lists the
        results must avoid / stay within."""
        fixed = [_terms(field, v) for facet, field, v in active if facet is None]
        if exclude:
            fixed.append({"bool": {"must_not": {"ids": {"values": [str(i) for i in exclude]}}}})
        if only is not None:
            fixed.append({"ids": {"values": [str(i) for i in only]}})
        return cls(
            query=query,
            fixed=tuple(fixed),
            facet_filters=tuple((facet, _terms(field, v)) for facet, field, v in active if facet),
            facets=tuple(f for f in FACETS if f in query.facets),
            alternatives=dict(getattr(parsed, "alternatives", None) or {}),
            extra=tuple(int(i) for i in extra),
            offset=offset,
        )

    def _extra(self) -> dict:
        return {"ids": {"values": [str(i) for i in self.extra]}}

    @property
    def groups(self) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
        """The counting requests: (facet whose own filter is left out, facets counted).

        The first leaves none out: it gives the total and counts every facet not filtered on.
        Each filtered facet is counted under the other facets' filters only (multi-select).
        """
        if not self.facets:
            return ()
        chosen = {name for name, _f in self.facet_filters}
        first = (None, tuple(f for f in self.facets if f not in chosen))
        return (first, *((name, (name,)) for name in self.facets if name in chosen))

    def bodies(self, words, require_all: bool, fixed: Mapping[str, str], after=None) -> list[dict]:
        """The trip's bodies (``fixed``: typed word → its correction). With corrected words one
        request does it all (hits, total and counts): a rare trip, kept to one request."""
        hits = self._hits(words, require_all, fixed, after)
        if not self.facets:
            return [hits]
        if fixed:
            return [self._combined(hits)]
        match = []
        if words:
            match = [matching_text(words, require_all, fixed, self.alternatives)]
            if self.extra:
                match = [{"bool": {"should": [*match, self._extra()], "minimum_should_match": 1}}]
        return [hits, *(self._counts(match, left_out, names) for left_out, names in self.groups)]

    def read(
        self, answers: list[Mapping]
    ) -> tuple[list[dict], int, dict[str, dict[str, int]] | None]:
        """(raw hits, total, facet → value → count) from the answers to ``bodies``; the counts
        are None when they must be asked again per facet field (see the module docstring)."""
        raw_hits = answers[0].get("hits", {}).get("hits", [])
        if not self.facets:
            return raw_hits, total(answers[0]), {}
        found = total(answers[1 if len(answers) > 1 else 0])
        if len(answers) == 1:  # the combined request
            aggs = answers[0].get("aggregations", {})
            per_group = [aggs.get(f"_group{i}", aggs) for i in range(len(self.groups))]
        else:
            per_group = [a.get("aggregations", {}) for a in answers[1:]]
        counts: dict[str, dict[str, int]] = {}
        for i, (aggs, (_left_out, names)) in enumerate(zip(per_group, self.groups, strict=True)):
            # Documents the group counted, when known: an empty all-values answer for them
            # means the field is missing (an index built before it).
            matched = aggs.get("doc_count", found if i == 0 else None)
            if len(answers) > 1:
                matched = total(answers[1 + i])
            if VALUES_AGG in aggs:
                values = aggs[VALUES_AGG]
                if values.get("sum_other_doc_count") or (matched != 0 and not values["buckets"]):
                    return raw_hits, found, None
                for name in names:
                    counts[name] = {}
                for b in values["buckets"]:
                    name, _colon, value = str(b["key"]).partition(":")
                    if name in counts:
                        _add(counts[name], name, value, b["doc_count"])
                continue
            for name in names:
                if self.per_field:
                    values = {str(b["key"]): b["doc_count"] for b in aggs[name]["buckets"]}
                    for b in aggs.get(f"{name}__selected", {}).get("buckets", []):
                        values[str(b["key"])] = b["doc_count"]
                    counts[name] = values
                    continue
                agg = aggs[name]
                if agg.get("sum_other_doc_count") or (
                    name in SET_FIELDS and matched != 0 and not agg["buckets"]
                ):
                    return raw_hits, found, None
                counts[name] = {}
                for b in agg["buckets"]:
                    _add(counts[name], name, str(b["key"]), b["doc_count"])
        return raw_hits, found, counts

    def _others(self, left_out: str | None) -> list[dict]:
        return [f for name, f in self.facet_filters if name != left_out]

    def _hits(self, words, require_all, fixed, after) -> dict:
        q = self.query
        query: dict = {"filter": [*self.fixed, *self._others(None)]}
        sort = SORTS[q.sort]
        if words:
            text = scored_text(words, require_all, fixed, self.alternatives)
            if self.extra:  # neighbours join the matches, scored 0 (after every text match)
                neighbours = {"constant_score": {"filter": self._extra(), "boost": 0.0}}
                text = {"bool": {"should": [text, neighbours], "minimum_should_match": 1}}
            query["must"] = [text]
        elif q.sort == "relevance":
            sort = SORTS["id"]  # no words, no scores: the tie-break is the order
        body: dict = {
            "query": {"bool": query},
            "sort": sort,
            "size": q.per_page,
            "track_total_hits": not self.facets,  # else the first counting request gives it
            "_source": HIT_SOURCE,
        }
        if after is not None:
            body["search_after"] = after
        else:
            body["from"] = q.offset if self.offset is None else self.offset
        return body

    def _terms(self, names: tuple[str, ...]) -> dict:
        if not self.per_field:
            if not names:
                return {}
            if len(names) > 1:  # one doc-values read per document for all of them
                return {VALUES_AGG: {"terms": {"field": FACET_VALUES, "size": ALL_VALUES}}}
            (name,) = names
            field = SET_FIELDS.get(name, counted_field(name))
            return {name: {"terms": {"field": field, "size": ALL_VALUES}}}
        selected = self.query.filter_map
        aggs: dict = {}
        for name in names:
            field = counted_field(name)
            aggs[name] = {"terms": {"field": field, "size": FACET_SIZE}}
            if selected.get(name):  # selected values are counted even outside the top
                aggs[f"{name}__selected"] = {
                    "terms": {
                        "field": field,
                        "include": list(selected[name]),
                        "size": len(selected[name]),
                    }
                }
        return aggs

    def _counts(self, match: list[dict], left_out: str | None, names: tuple[str, ...]) -> dict:
        """Unscored: Lucene visits only the documents every filter admits, once per request."""
        return {
            "size": 0,
            "track_total_hits": True,  # the total (first request), else what was counted
            "query": {"bool": {"filter": [*match, *self.fixed, *self._others(left_out)]}},
            "aggs": self._terms(names),
        }

    def _combined(self, hits: dict) -> dict:
        """Hits, total and counts in one request: facet filters as ``post_filter`` (hits and
        total), each group's counts under a ``filter`` aggregation of its other filters."""
        body = {**hits, "track_total_hits": True}
        body["query"] = {"bool": {**hits["query"]["bool"], "filter": list(self.fixed)}}
        if self.facet_filters:
            body["post_filter"] = {"bool": {"filter": self._others(None)}}
        aggs: dict = {}
        for i, (left_out, names) in enumerate(self.groups):
            others = self._others(left_out)
            if others:
                aggs[f"_group{i}"] = {
                    "filter": {"bool": {"filter": others}},
                    "aggs": self._terms(names),
                }
            else:
                aggs.update(self._terms(names))
        body["aggs"] = aggs
        return body


def suggest_body(prefix: str, limit: int) -> dict:
    like = prefix.lower().replace(" ", "-")
    escaped = "".join("\\" + c if not c.isalnum() else c for c in like)
    return {
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
