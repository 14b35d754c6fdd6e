"""Signal receivers: the catalog says materials changed; forks of them record what changed."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def on_materials_changed(sender, ids=(), **kwargs) -> None:
    """Record upstream changes for adaptations of these materials (never edits a fork)."""
    from .models import AdaptationSource
    from .services import upstream_changes_record

    ids = list(ids or ())
    if not ids or not AdaptationSource.objects.filter(material_id__in=ids).exists():
        return
    try:
        upstream_changes_record(ids)
    except Exception:  # a failure here must not break the harvest or edit that sent the signal
        logger.exception("recording upstream changes for %d materials failed", len(ids))
