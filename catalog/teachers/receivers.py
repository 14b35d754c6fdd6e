"""Signal receivers: the catalog says materials changed; forks of them record what changed."""

from __future__ import annotations

import logging

from .models import AdaptationSource
from .services import upstream

logger = logging.getLogger(__name__)
CHUNK = 2000


def on_materials_changed(sender, ids=(), **kwargs) -> None:
    """Record upstream changes for adaptations of these materials (never edits a fork)."""
    ids = list(ids or ())
    for start in range(0, len(ids), CHUNK):  # a harvest may announce 100k ids at once
        chunk = ids[start : start + CHUNK]
        if not AdaptationSource.objects.filter(material_id__in=chunk).exists():
            continue
        try:
            upstream.upstream_changes_record(chunk)
        except Exception:  # a failure here must not break the harvest or edit that sent it
            logger.exception("recording upstream changes for %d materials failed", len(chunk))
