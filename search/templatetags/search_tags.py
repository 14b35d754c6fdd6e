"""``{% similar_materials material %}``: the "Similar materials" section of a material (its own
page, and the part the material page fetches after load)."""

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
    """Semantic neighbours, same licence bucket first; none when the material is not indexed
    yet or the engine is down (the section says so). Any other error is a bug and raises."""
    try:
        hits = service.similar(material.pk, SHOWN)
    except (service.NotIndexed, EngineUnavailable) as exc:
        log.info("no similar materials for %s: %s", material.pk, exc)
        hits = []
    return {
        "similar": [
            {"hit": h, "bucket_words": BUCKET_LABELS.get(h.license_bucket, "")} for h in hits
        ]
    }
