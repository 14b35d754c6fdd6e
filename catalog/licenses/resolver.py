"""Resolve a license string (URL, free text, SPDX id) to a License in the registry.

Foundation version: canonical CC/SPDX URLs and SPDX ids. The licensing issue extends it with
free text, families with unknown versions and the curator review queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import License

EXACT = "exact"
INFERRED = "inferred"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Resolution:
    license: License | None
    confidence: str | None
    reason: str


def canonical_uri(raw: str) -> str:
    """Lower-case, no scheme, no `www.`, no deed/legalcode suffix, no trailing slash."""
    s = raw.strip().lower()
    s = re.sub(r"^https?://", "", s)
    s = re.sub(r"^www\.", "", s)
    s = re.sub(r"/(deed|legalcode)(\.[a-z_-]+)?/?$", "", s)
    return s.rstrip("/")


def resolve(raw: str) -> Resolution:
    text = (raw or "").strip()
    if not text:
        return Resolution(None, None, "no license given")
    if "/" in text:
        wanted = canonical_uri(text)
        for lic in License.objects.filter(uri__icontains=wanted.rsplit("/", 1)[-1]):
            if canonical_uri(lic.uri) == wanted:
                return Resolution(lic, EXACT, f"URL matches {lic.uri}")
    lic = License.objects.filter(spdx_id__iexact=text).first()
    if lic:
        return Resolution(lic, EXACT, f"SPDX id {lic.spdx_id}")
    return Resolution(None, None, f"no license in the registry matches {text!r}")
