"""Keep the index in step with the catalog: ``materials_changed`` → bulk re-index those ids.

The catalog sends the signal after commit, so saves and harvests have already succeeded; if
the engine is down we log and move on (``manage.py search_index rebuild`` catches up). After a
failure we stop trying for a short while, so a harvest does not wait on a dead engine once per
record.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from . import service

log = logging.getLogger(__name__)
BACKOFF_SECONDS = 30.0
_skip_until = 0.0


def on_materials_changed(sender, ids=(), **kwargs) -> None:
    global _skip_until
    if not settings.OER_SEARCH.get("INDEX_ON_CHANGE", True):
        return
    if time.monotonic() < _skip_until:
        log.warning("search engine recently failed; not indexing %d material(s)", len(ids))
        return
    try:
        service.index_materials(ids)
    except Exception:  # never let indexing break a save: the index is derived data
        _skip_until = time.monotonic() + BACKOFF_SECONDS
        log.warning(
            "search indexing of %d material(s) failed; run `manage.py search_index rebuild`",
            len(ids),
            exc_info=True,
        )


def connect() -> None:
    from catalog.materials.signals import materials_changed

    materials_changed.connect(on_materials_changed, dispatch_uid="search.index_on_change")
