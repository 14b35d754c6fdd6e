"""``{% similar_materials material %}``: the material page's "Similar materials" section."""

from __future__ import annotations

import logging

from django import template

from catalog.licenses.vocabulary import BUCKET_LABELS

from .. import service
from ..query import EngineUnavailable

register = template.Library()
log = logging.getLogger(__name__)
SHOWN = 6


@register.inclusion_tag("search/_similar.html")
def similar_materials(material) -> dict:
    """Semantic neighbours, same licence bucket first; nothing (never an error) when the
    material is not indexed or the engine is down: the page must still render."""
    try:
        hits = service.similar(material.pk, SHOWN)
    except (service.NotIndexed, EngineUnavailable):
        hits = []
    except Exception:  # derived data: a broken vector store must not break the page
        log.exception("similar materials of %s", material.pk)
        hits = []
    return {
        "similar": [
            {"hit": h, "bucket_words": BUCKET_LABELS.get(h.license_bucket, "")} for h in hits
        ]
    }
