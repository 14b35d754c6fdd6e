"""The search service: the only entry point views, commands and signal receivers use.

Reads: ``search``, ``suggest``, ``index_status``. Writes: ``index_materials`` (by id, after
commit), ``index_rebuild`` (everything, into a new index made live atomically).
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

    Materials saved while the rebuild ran are indexed again once the new index is live, so
    nothing written during the rebuild is lost.
    """
    from catalog.materials.models import Material

    started = timezone.now()
    name = get_engine().rebuild(documents.documents_for(None), progress)
    changed = Material.objects.filter(updated_at__gte=started).values_list("pk", flat=True)
    index_materials(list(changed))
    return name


def index_refresh() -> None:
    get_engine().refresh()


def index_status() -> dict:
    """Documents in the live index against active materials in the database."""
    info = get_engine().describe()
    info["database_active"] = documents.active_count()
    info["in_sync"] = info.get("documents") == info["database_active"]
    return info
