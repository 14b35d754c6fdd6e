"""The search app's consumers of the catalog's derived-index outbox, and whether writes drain
them by themselves.

The bottom of search's indexing: the service, the drains, the consumers and the tasks all name
a consumer through this module, so none of them imports another one for a constant.
"""

from __future__ import annotations

from django.conf import settings

LEXICAL = "lexical"  # the lexical index (``search.indexing``)
EMBEDDINGS = "embeddings"  # the vector store (``search.vectors.consumer``)


def auto_drain() -> bool:
    """Do writes bring the index up to date by themselves (``INDEX_ON_CHANGE``)?"""
    return bool(settings.OER_SEARCH.get("INDEX_ON_CHANGE", True))
