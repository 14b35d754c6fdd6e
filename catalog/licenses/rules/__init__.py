"""License rules as pure functions (no database): open or not, bucket, remix compatibility,
attribution. The one API other apps import: ``from catalog.licenses import rules``.

Every function takes License model instances or ``LicenseTerms`` (what a rule needs to know of
a license, copied from the record), so search, pages and tests can call them without queries.
One module per job:

- ``terms``: ``LicenseTerms`` and the built-in ``STANDARD_TERMS``;
- ``openness``: ``is_open`` and ``bucket``, with the words of ``catalog.licenses.vocabulary``;
- ``remix``: ``compatibility`` and ``refusing_sources``;
- ``tasl``: ``attribution`` (``Work`` → TASL text, HTML and JSON-LD), ``source_name``, ``site_of``.

The modules are not named after the functions they hold, so ``rules.compatibility`` and
``rules.attribution`` are always the functions, never the modules.
"""

from ..vocabulary import (
    BUCKET_LABELS,
    BUCKETS,
    BY_ONLY,
    NO_NC,
    OPEN_DEFINITION_LABELS,
    OPEN_DEFINITIONS,
    READ_ONLY,
    REMIX_AND_SHARE,
    REUSE_ADAPT,
    SHARE_ONLY,
)
from .openness import bucket, is_open
from .remix import CC4, Compatibility, Verdict, compatibility, refusing_sources
from .tasl import Attribution, Work, attribution, site_of, source_name
from .terms import STANDARD_TERMS, LicenseTerms

__all__ = [
    "BUCKETS",
    "BUCKET_LABELS",
    "BY_ONLY",
    "CC4",
    "NO_NC",
    "OPEN_DEFINITIONS",
    "OPEN_DEFINITION_LABELS",
    "READ_ONLY",
    "REMIX_AND_SHARE",
    "REUSE_ADAPT",
    "SHARE_ONLY",
    "STANDARD_TERMS",
    "Attribution",
    "Compatibility",
    "LicenseTerms",
    "Verdict",
    "Work",
    "attribution",
    "bucket",
    "compatibility",
    "is_open",
    "refusing_sources",
    "site_of",
    "source_name",
]
