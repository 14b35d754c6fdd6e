"""Pure string helpers for licence strings: cleaning raw input, the key a curator mapping is
stored under, a URL reduced to what identifies a legal tool, and text reduced to lower-case
words. No models and no registry, so the models, the registry and the resolver can all use them."""

from __future__ import annotations

import re
import unicodedata


def clean(raw: object) -> str:
    """Text we can read: bytes decoded, control characters and NULs dropped, spaces collapsed."""
    if raw is None:
        return ""
    if isinstance(raw, bytes | bytearray | memoryview):
        raw = bytes(raw).decode("utf-8", errors="replace")
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def mapping_key(raw: object) -> str:
    """The key a curator mapping is stored under: cleaned, case-folded, at most 500 characters."""
    return clean(raw).casefold()[:500]


def canonical_uri(raw: str) -> str:
    """A URL reduced to what identifies a legal tool.

    Lower-case; no scheme, ``www.``, query or fragment; no ``deed.xx`` / ``legalcode.xx`` /
    ``.html`` / ``.txt`` suffix; no trailing slash.
    ``HTTP://www.CreativeCommons.org/licenses/by/4.0/deed.es?x=1``
    → ``creativecommons.org/licenses/by/4.0``.
    """
    s = raw.strip().lower()
    s = re.sub(r"^[a-z][a-z0-9+.-]*:/*", "", s) if "://" in s[:12] else s.lstrip("/")
    s = re.sub(r"[?#].*$", "", s)
    s = re.sub(r"^www\.", "", s)
    s = re.sub(r"/(deed|legalcode)([._-][a-z]{2,3}([_-][a-z0-9]{2,4})?)?(\.(txt|html?))?/?$", "", s)
    s = re.sub(r"\.(html?|txt|json|php)$", "", s)
    return s.rstrip("/.")


def normalize_text(text: str) -> str:
    """Lower-case words only: "Attribution-NonCommercial 4.0" → "attribution noncommercial 4.0"."""
    s = text.casefold()
    s = re.sub(r"[^\w.+]+", " ", s)
    s = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", s)
    return " ".join(s.split())
