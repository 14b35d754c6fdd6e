"""Open or not, and which bucket: the words (bucket names, open definitions and their labels)
come from ``catalog.licenses.vocabulary``; these functions decide which applies.

- ``is_open(license, definition=None)``: the OER definition is ``settings.OER_OPEN_DEFINITION``
  (``reuse-adapt`` default, ``by-only`` = the US Department of Education's, ``no-nc``).
- ``bucket(license)``: ``remix-and-share`` / ``share-only`` / ``read-only``, how teachers think.
"""

from __future__ import annotations

from django.conf import settings

from ..vocabulary import (
    BY_ONLY,
    NO_NC,
    OPEN_DEFINITIONS,
    READ_ONLY,
    REMIX_AND_SHARE,
    REUSE_ADAPT,
    SHARE_ONLY,
)
from .terms import LicenseTerms


def is_open(license, definition: str | None = None) -> bool:
    """Whether a license counts as open under ``definition`` (default: the setting)."""
    if license is None:
        return False
    if definition is None:
        definition = getattr(settings, "OER_OPEN_DEFINITION", REUSE_ADAPT)
    if definition not in OPEN_DEFINITIONS:
        raise ValueError(
            f"unknown OER open definition {definition!r}; choose from {sorted(OPEN_DEFINITIONS)}"
        )
    t = LicenseTerms.of(license)
    if t.public_domain:
        return True
    if t.closed or t.no_derivatives:
        return False
    if definition == BY_ONLY:
        return not t.non_commercial and not t.share_alike
    if definition == NO_NC:
        return not t.non_commercial
    return True


def bucket(license) -> str:
    """``remix-and-share``, ``share-only`` or ``read-only`` (no license: read-only)."""
    if license is None:
        return READ_ONLY
    t = LicenseTerms.of(license)
    if t.public_domain:
        return REMIX_AND_SHARE
    if t.closed:
        return READ_ONLY
    return SHARE_ONLY if t.no_derivatives else REMIX_AND_SHARE
