"""Query planning for FTS5: which MATCH expressions a search runs, and how they are ranked.

A search runs in passes: exact words (and their plural or singular) first; a word no form of
which is indexed is corrected to one indexed word (the closest, then the most frequent:
``understanding.closest_terms``), whose matches rank below them; when few documents have
every word, documents with some of them follow.
Each pass gives its matching ids as one set (``bitsets``); bm25 (with column weights, a
bonus for words close together and one for a title holding the words) is computed only
inside FTS5's ``ORDER BY … LIMIT`` for the documents of the page asked for.
"""

from __future__ import annotations

from ...understanding import closest_terms, correctable, pick_correction
from ..base import MIN_ALL_WORDS_HITS
from . import bitsets

# bm25 weights of ``schema.COLUMNS``: title far above keywords above subjects, description
# last (a word only the description holds seldom says what a material is about; measured on
# bench/judgments: description 1.5 → 0.5 raised NDCG@10 on both halves, see docs/search.md).
# Elasticsearch's ``queries.SEARCH_FIELDS`` carries the same weights.
WEIGHTS = (10.0, 5.0, 3.0, 0.5, 4.0, 1.0)
NEAR_BONUS = 1.5  # bm25 is negative: multiplying makes documents with the words close better
NEAR_DISTANCE = 4
TYPO_PENALTY = 0.5  # a typo match scores half an exact one
OR_PENALTY = 0.25  # documents with only some of the words, when few have all
# FTS5's bm25 normalises every column by the length of the whole record, so a record titled
# "Mathematics" with a long description ranked below one mentioning "math" in a short keyword
# list; Elasticsearch scores each field by its own length. Doubling the score of a document
# whose title holds what the pass asks gives back the title's say (measured on
# bench/judgments: words only 0.777 → 0.829 NDCG@10 on the tune half, see docs/search.md).
# Not in the any-word pass: a title holding one word of several says little (with it, words
# only 0.838 but recall@100 0.808 against 0.815, hybrid recall@100 0.856 against 0.861).
TITLE_BONUS = 2.0

# (MATCH expression, score factor, its matches, matches no earlier pass had)
Pass = tuple[str, float, int, int]


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def exact(word: str, vocab) -> list[str]:
    """The word and its plural or singular when indexed (cheap, always applied)."""
    terms = vocab.get(word[:1], frozenset())
    forms = [
        word,
        word + "s",
        word + "es",
        word[:-1] if word.endswith("s") and len(word) > 3 else "",
    ]
    return [f for f in dict.fromkeys(forms) if f and (f == word or f in terms)]


def correction(conn, word: str, vocab) -> str | None:
    """The indexed word a typo stands for (``understanding.closest_terms`` over the
    vocabulary, ties broken by ``pick_correction`` on the documents holding each), or None.

    Only for a word none of whose forms is indexed: a known word is taken as meant, which
    keeps the common case fast.
    """
    terms = vocab.get(word[:1], frozenset())
    if any(f in terms for f in exact(word, vocab)):
        return None
    near = closest_terms(word, terms)
    if len(near) < 2:
        return near[0] if near else None
    marks = ", ".join("?" * len(near))
    counts = dict(conn.execute(f"SELECT term, doc FROM vocab WHERE term IN ({marks})", near))
    return pick_correction(near, counts)


def corrections(conn, words, vocab, synonyms=None) -> dict[str, str]:
    """Query word → the indexed word it is corrected to (see ``correction``)."""
    synonyms = synonyms or {}
    out = {}
    for w in words:
        if " " not in w and w not in synonyms and correctable(w):
            fixed = correction(conn, w, vocab)
            if fixed:
                out[w] = fixed
    return out


def expression(groups: list[list[str]], require_all: bool) -> str:
    parts = ["(" + " OR ".join(quote(v) for v in g) + ")" for g in groups]
    return (" AND " if require_all else " OR ").join(parts)


def score(words: tuple[str, ...], expr: str = "") -> str:
    """bm25 with the column weights, times ``NEAR_BONUS`` when the words are close together
    and ``TITLE_BONUS`` when the title holds what the pass's ``expr`` asks (none given for the
    pass of documents with only some of the words)."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    score = f"bm25(fts, {weights})"
    if expr and TITLE_BONUS != 1.0:
        title = f"title : ({expr})"
        score += (
            f" * (CASE WHEN rowid IN (SELECT rowid FROM fts WHERE fts MATCH "
            f"{sql_str(title)}) THEN {TITLE_BONUS} ELSE 1.0 END)"
        )
    if len(words) > 1:
        near = f"NEAR({' '.join(quote(w) for w in words)}, {NEAR_DISTANCE})"
        score += (
            f" * (CASE WHEN rowid IN (SELECT rowid FROM fts WHERE fts MATCH "
            f"{sql_str(near)}) THEN {NEAR_BONUS} ELSE 1.0 END)"
        )
    return score


def alternatives(word: str, vocab, others: tuple[str, ...] = ()) -> list[str]:
    """The word's exact forms and those of its synonyms (a phrase of several words stays
    one phrase)."""
    out: list[str] = []
    for term in (word, *others):
        out += [term] if " " in term else exact(term, vocab)
    return list(dict.fromkeys(out))


def passes(conn, words, vocab, synonyms=None, fixed=None) -> tuple[list[Pass], str]:
    """The passes of a search, and the any-word expression (for highlighting).

    Exact words (and plurals, and synonyms: ``synonyms`` maps a word to its alternatives)
    first; typo matches (``fixed``: word → its correction, from ``corrections``) rank below
    them; when few documents have every word, documents with some of them follow.
    """
    synonyms, fixed = synonyms or {}, fixed or {}
    exacts = [alternatives(w, vocab, synonyms.get(w, ())) for w in words]
    fuzzy = [
        list(dict.fromkeys(e + (exact(fixed[w], vocab) if w in fixed else [])))
        for w, e in zip(words, exacts, strict=True)
    ]
    expr_all = expression(fuzzy, False)
    plan = [(expression(exacts, True), 1.0)]
    if fuzzy != exacts:
        plan.append((expression(fuzzy, True), TYPO_PENALTY))
    if len(words) > 1:
        plan.append((expr_all, OR_PENALTY))
    out, seen = [], 0
    for expr, factor in plan:
        if factor == OR_PENALTY and seen.bit_count() >= MIN_ALL_WORDS_HITS:
            break
        (ids,) = conn.execute(
            "SELECT json_group_array(rowid) FROM fts WHERE fts MATCH ?", (expr,)
        ).fetchone()
        matches = bitsets.from_json(ids)
        out.append((expr, factor, matches, matches & ~seen))
        seen |= matches
    return out, expr_all


def restrict(matches: int, wanted: int) -> tuple[str, list[str]]:
    """SQL keeping only ``wanted`` of a MATCH's ``matches``, naming the smaller side.

    ``+rowid`` keeps the list a filter: handing it to FTS5 as a rowid lookup would make
    bm25 re-read every phrase's document list once per id.
    """
    if wanted == matches:
        return "", []
    dropped = matches & ~wanted
    if wanted.bit_count() <= dropped.bit_count():
        return " AND +rowid IN (SELECT value FROM json_each(?))", [bitsets.to_json(wanted)]
    return " AND +rowid NOT IN (SELECT value FROM json_each(?))", [bitsets.to_json(dropped)]


def ranked(conn, words, passes: list[Pass], wanted: int, limit: int | None) -> list[tuple]:
    """(id, score) of ``wanted`` by score then id, each scored by the first pass it is in."""
    out: list[tuple] = []
    for expr, factor, matches, new in passes:
        keep = new & wanted
        if not keep:
            continue
        scoring = score(words, expr if factor != OR_PENALTY else "")
        where, params = restrict(matches, keep)
        sql = (
            f"SELECT rowid, ({scoring}) * {factor} AS s FROM fts "
            f"WHERE fts MATCH ?{where} ORDER BY s, rowid"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        out += conn.execute(sql, [expr, *params]).fetchall()
    out.sort(key=lambda row: (row[1], row[0]))
    return out if limit is None else out[:limit]


def sorted_ids(conn, sort: str, ids: int, live: int, offset: int, limit: int) -> list[int]:
    """A page of ``ids`` in the order of ``sort`` (newest or title)."""
    order = "date_created IS NULL, date_created DESC, id" if sort == "newest" else "sort_title, id"
    where, params = "", []
    if ids != live:
        where, params = "WHERE id IN (SELECT value FROM json_each(?))", [bitsets.to_json(ids)]
    return [
        i
        for (i,) in conn.execute(
            f"SELECT id FROM docs {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
