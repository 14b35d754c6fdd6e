"""What of a search document is embedded: the title, the start of the description, keywords
and subjects. The model reads at most 256 word pieces; a short text embeds several times faster
and the opening of a description says what a material is about."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

DESCRIPTION_WORDS = 60
_TAG = re.compile(r"<[^>]+>")


def document_text(doc: Mapping) -> str:
    title = str(doc.get("title") or "").strip()
    words = _TAG.sub(" ", str(doc.get("description") or "")).split()[:DESCRIPTION_WORDS]
    parts = [title, " ".join(words)]
    keywords = [str(k) for k in doc.get("keywords") or () if k]
    subjects = [str(s).replace("-", " ") for s in doc.get("subjects") or () if s]
    if keywords:
        parts.append("Keywords: " + ", ".join(keywords[:20]))
    if subjects:
        parts.append("Subjects: " + ", ".join(subjects))
    return ". ".join(p for p in parts if p)


def text_key(model: str, text: str) -> bytes:
    """The cache key of ``text`` embedded by ``model``."""
    return hashlib.sha1(f"{model}\x00{text}".encode(), usedforsecurity=False).digest()
