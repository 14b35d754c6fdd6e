"""Characters XML 1.0 forbids, removed from OAI-PMH responses before they are parsed.

Repositories copy text from word processors into their records, and control characters come
with it (a form feed, a vertical tab, ``&#11;``). One such character makes the whole page
not well-formed; since every retry gets the same page, the source would be stuck on it for
ever. Parsing in recover mode is no answer: libxml2 then drops what it cannot read, silently.
Instead the bytes are cleaned on their way to the parser: raw control characters (other than
tab, line feed and carriage return) and character references to them are removed, and counted.
OAI-PMH responses are UTF-8 (the protocol requires it), where these bytes never occur inside
another character, so removing them cannot damage the text around them.
"""

from __future__ import annotations

import re
from typing import IO

_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))
_CHAR_REF = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
_LONGEST_REF = 12  # a reference split across two reads is joined up before matching


def clean(data: bytes) -> tuple[bytes, int]:
    """``data`` without the characters XML 1.0 forbids, and how many were removed."""
    kept = data.translate(None, _CONTROL)
    removed = len(data) - len(kept)
    if b"&#" in kept:
        kept, refs = _CHAR_REF.subn(b"", kept)
        removed += refs
    return kept, removed


class CleanReader:
    """A read-only file wrapper that hands ``clean`` bytes to a streaming parser."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.removed = 0
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self.raw.read(size)
            data = self._held + chunk
            self._held = b""
            if chunk and size is not None and size > 0:
                # Hold back a reference that may continue in the next read.
                amp = data.rfind(b"&", max(0, len(data) - _LONGEST_REF))
                if amp >= 0 and b";" not in data[amp:]:
                    data, self._held = data[:amp], data[amp:]
            out, removed = clean(data)
            self.removed += removed
            if out or not chunk:  # an empty read means the end: only return one at the end
                return out
