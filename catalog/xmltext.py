"""Text made safe to write into an XML 1.0 document.

Stored text may hold characters XML 1.0 cannot carry at all, not even as a character
reference: C0 controls other than tab, line feed and carriage return (a NUL, a vertical tab
pasted from a word processor), lone surrogates, and U+FFFE / U+FFFF. lxml refuses to build a
tree with most of them and writes the others into a document no parser accepts, so every
writer of XML (the OAI-PMH provider, exports) passes its text through ``xml_text`` first.
Nothing else is changed: the text stays as stored, minus those characters.
"""

from __future__ import annotations

import re

# The complement of XML 1.0's Char production (section 2.2):
# #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``str(value)`` without the characters XML 1.0 forbids."""
    text = value if isinstance(value, str) else str(value)
    return XML_FORBIDDEN.sub("", text)


def has_xml_forbidden(value: str) -> bool:
    """True when ``value`` holds a character XML 1.0 forbids."""
    return XML_FORBIDDEN.search(value) is not None
