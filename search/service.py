"""The search service: the only entry point views, commands and the outbox drain use.

Reads: ``search``, ``suggest``, ``index_status``. Writes: ``index_materials`` (by id; the
outbox drain calls it), ``index_rebuild`` (everything, into a new index made live atomically).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable

from django.utils import timezone

from catalog.materials import outbox
from catalog.materials.grades import K12_CODES, LABELS, grade_number
from catalog.materials.outbox import outbox_status

from . import documents, hybrid
from .consumers import LEXICAL
from .engines import get_engine
from .query import SearchQuery, SearchResults
from .understanding import correction_note, understand
from .vectors.consumer import rebuild_vectors
from .vectors.embed import attach_vectors, embed_documents

log = logging.getLogger(__name__)


def search(query: SearchQuery, engine=None) -> SearchResults:
    """Run ``query`` on the configured engine (``mode``: hybrid, lexical or semantic), after
    query understanding; when a grade typed in the query leaves nothing, the nearest broader
    band is shown instead, and the results say so. Raises EngineUnavailable, BadQuery."""
    engine = engine or get_engine()
    understood = understand(query.text)
    res = _by_meaning_only(_corrected(_run(engine, query, understood), understood), query)
    if res.total or not understood.grades or query.cursor:
        return res
    for grades, label in broader_grades(understood.grades):
        wider = _run(engine, query, understood.with_grades(grades))
        if wider.total:
            typed = grade_label(understood.grades)
            note = f"No {typed} materials; {wider.total} for {label}."
            return dataclasses.replace(wider, notes=(*wider.notes, note))
    return res


def _corrected(res: SearchResults, understood) -> SearchResults:
    """Say so when the engine corrected typed words (its ``corrections``): "Showing results for
    photosynthesis", with a link searching for what was typed."""
    if not res.corrections:
        return res
    note = correction_note(understood.text or res.query.text, dict(res.corrections))
    return dataclasses.replace(res, notes=(note, *res.notes))


def _by_meaning_only(res: SearchResults, query: SearchQuery) -> SearchResults:
    """Say so when no result on the first page holds any of the typed words: they are the
    nearest in meaning, and a teacher should not wonder why "photosynthsis" shows these."""
    first_page = query.page == 1 and not query.cursor and query.mode == "hybrid"
    if not (first_page and res.hits) or res.corrections:
        return res
    if any(h.matched != ("meaning",) for h in res.hits):
        return res
    note = "No material holds these words; showing the materials closest in meaning."
    return dataclasses.replace(res, notes=(*res.notes, note))


def _run(engine, query: SearchQuery, understood) -> SearchResults:
    semantic_ok = query.mode != "lexical" and bool(understood.text) and _has_vectors(engine)
    if semantic_ok and query.mode == "semantic":
        return hybrid.semantic_search(engine, query, understood)
    if semantic_ok and query.sort == "relevance" and understood.words:
        return hybrid.hybrid_search(engine, query, understood)
    res = engine.search(query, understood=understood)
    if understood.codes and not understood.words:  # "3.NF.A.1": aligned to the code asked
        hits = tuple(dataclasses.replace(h, matched=("standard",)) for h in res.hits)
        res = dataclasses.replace(res, hits=hits)
    return res


def _has_vectors(engine) -> bool:
    return hasattr(engine, "knn")


def grade_label(grades) -> str:
    grades = list(grades)
    if len(grades) == 1:
        return LABELS.get(grades[0], grades[0]).replace("Grade", "grade")
    return f"grades {grades[0]}–{grades[-1]}"


def broader_grades(grades) -> list[tuple[tuple[str, ...], str]]:
    """Wider and wider bands around the grades typed: the school level, then K-12."""
    nums = [grade_number(g) for g in grades]
    nums = [n for n in nums if n is not None]
    if not nums:
        return []
    lo, hi = min(nums), max(nums)
    out = []
    for a, b in ((-1, 0), (1, 2), (3, 5), (6, 8), (9, 12)):
        if a <= lo and hi <= b and (a, b) != (lo, hi):
            lo2, hi2 = min(a, lo), max(b, hi)
            band = tuple(c for c in K12_CODES if lo2 <= (grade_number(c) or 0) <= hi2)
            out.append((band, f"grades {band[0]}–{band[-1]}"))
    wide = (max(lo - 2, -1), min(hi + 2, 12))
    band = tuple(c for c in K12_CODES if wide[0] <= (grade_number(c) or 0) <= wide[1])
    out.append((band, f"grades {band[0]}–{band[-1]}"))
    return out


class NotIndexed(LookupError):
    """The material is not in the search index (withdrawn, unknown, or not indexed yet)."""


def similar(material_id: int, limit: int = 10, engine=None) -> list:
    """The materials nearest in meaning to this one (none of its own), those under the same
    licence bucket first, then the others, each group by similarity. Its stored vector is
    used, or its text is embedded now when the vectors have not caught up yet."""
    engine = engine or get_engine()
    docs = list(documents.documents_for([material_id]))
    if not docs:
        raise NotIndexed(material_id)
    vector = engine.vector(material_id)
    if vector is None:
        vector = embed_documents(docs)[0][2]
    near = engine.knn(
        vector, SearchQuery(), None, limit * 3, hybrid.SIMILARITY_FLOOR, (material_id,)
    )
    bucket = docs[0].get("license_bucket") or ""
    near = sorted(near, key=lambda h: (h.license_bucket != bucket, -h.score, h.id))
    return near[:limit]


def suggest(prefix: str, limit: int = 8) -> list[dict]:
    """Typeahead: matching titles, subjects and standard codes."""
    return get_engine().suggest(prefix, limit)


def index_materials(ids: Iterable[int]) -> int:
    """(Re)index these materials: active ones are written, withdrawn or deleted ones removed."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    engine = get_engine()
    docs = list(documents.documents_for(ids))
    if getattr(engine, "stores_vectors", False):  # the vectors already computed go along
        docs = list(attach_vectors(docs))
    engine.index_documents(docs)
    gone = set(ids) - {d["id"] for d in docs}
    engine.delete_documents(sorted(gone))
    return len(docs)


def index_rebuild(progress=None) -> str:
    """Build a fresh index of every active material and make it live with no downtime.

    What the outbox held when the build started is in the new index (the build read the
    catalog after those changes committed), so those rows are acknowledged; what was queued
    while it ran is drained into the new index right after the swap, backoff or not.
    """
    covered = outbox.outbox_snapshot(LEXICAL)
    name = get_engine().rebuild(documents.documents_for(None), progress)
    outbox.outbox_acknowledge(covered)
    outbox.outbox_drain(LEXICAL, due_only=False)
    return name


def vectors_rebuild(progress=None) -> int:
    """Vectors of every active material (only changed texts are embedded again), handed to
    the engine; what the ``embeddings`` queue held is covered. Returns texts embedded. The
    engine is refreshed, so search by meaning sees every vector when it returns, as search by
    words does after ``index_rebuild``."""
    embedded = rebuild_vectors(progress)
    index_refresh()
    return embedded


def index_refresh() -> None:
    get_engine().refresh()


def index_status(*, clock=timezone.now) -> dict:
    """Documents in the live index against active materials in the database, and the
    outbox: per derived index, ids still queued and the age of the oldest."""
    info = get_engine().describe()
    info["database_active"] = documents.active_count()
    info["in_sync"] = info.get("documents") == info["database_active"]
    info["queue"] = outbox_status(clock=clock)
    return info
