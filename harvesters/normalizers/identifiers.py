"""Shared identifiers for deduplication: DOI, ISBN and handle, in one spelling each."""

from __future__ import annotations

import re

_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)
_HANDLE = re.compile(r"(?:hdl:\s*|https?://hdl\.handle\.net/)(\d[\w.]*/\S+)", re.I)
_ISBN = re.compile(r"^(?:urn:)?isbn[:\s]*([\d\- xX]{10,17})$", re.I)


def isbn13(raw: str) -> str | None:
    digits = re.sub(r"[^\dxX]", "", raw).upper()
    if len(digits) == 10:
        core = "978" + digits[:9]
    elif len(digits) == 13 and digits.isdigit():
        core = digits[:12]
    else:
        return None
    check = (10 - sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(core)) % 10) % 10
    return core + str(check)


def identifier_key(raw: str) -> str | None:
    """``doi:10.x/y`` / ``isbn:978…`` / ``hdl:1765/1`` for an identifier, else None."""
    text = (raw or "").strip()
    if not text:
        return None
    if m := _HANDLE.match(text):
        return "hdl:" + m.group(1).lower()
    if (m := _DOI.match(text)) and (text.lower().startswith(("doi", "10.")) or "doi.org" in text):
        return "doi:" + m.group(1).rstrip(".").lower()
    if m := _ISBN.match(text):
        value = isbn13(m.group(1))
        return f"isbn:{value}" if value else None
    return None


def identifier_keys(values) -> tuple[str, ...]:
    keys = []
    for value in values:
        key = identifier_key(value)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)
