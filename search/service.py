"""The search service: the only entry point views, commands and the outbox drain use.

Reads: ``search``, ``suggest``, ``index_status``. Writes: ``index_materials`` (by id; the
outbox drain calls it), ``index_rebuild`` (everything, into a new index made live atomically).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils import timezone

from . import documents
from .engines import get_engine
from .query import SearchQuery, SearchResults

log = logging.getLogger(__name__)


def search(query: SearchQuery) -> SearchResults:
    """Run ``query`` on the configured engine. Raises EngineUnavailable, BadQuery."""
    return get_engine().search(query)


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
    from catalog.materials import outbox

    from .indexing import LEXICAL

    covered = outbox.outbox_snapshot(LEXICAL)
    name = get_engine().rebuild(documents.documents_for(None), progress)
    outbox.outbox_acknowledge(covered)
    outbox.outbox_drain(LEXICAL, due_only=False)
    return name


def index_refresh() -> None:
    get_engine().refresh()


def index_status(*, clock=timezone.now) -> dict:
    """Documents in the live index against active materials in the database, and the
    outbox: per derived index, ids still queued and the age of the oldest."""
    from catalog.materials.outbox import outbox_status

    info = get_engine().describe()
    info["database_active"] = documents.active_count()
    info["in_sync"] = info.get("documents") == info["database_active"]
    info["queue"] = outbox_status(clock=clock)
    return info
