"""Canonical URLs: the form of a material's URL used to find the same resource across
sources."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from url_normalize import url_normalize

# URLs whose canonical form needs no escaping or path/query rewriting: host, an optional port,
# a path of plain characters without empty (``//``) or dot segments, and a query of plain
# ``key=value`` pairs. ``url_normalize`` leaves every such URL as it is apart from the parts
# ``_fast_canonical`` handles, so the two agree; anything else (``%``, ``;``, ``{}``, ``//`` in
# the path, ``a=b=c``, empty pairs) takes the full ``url_normalize`` path. Harvests are mostly
# such plain URLs, and skipping ``url_normalize`` for them saves a few percent of a harvest's
# CPU time.
_PLAIN = r"[A-Za-z0-9_~!$'()*,:@+-]"
_SEGMENT = rf"(?:{_PLAIN}|\.(?!\.*(?:/|$|\?|#)))+"  # no "." / ".." segments
_PAIR = rf"{_PLAIN}(?:{_PLAIN}|[./])*(?:=(?:{_PLAIN}|[./])*)?"
_SIMPLE_URL = re.compile(
    rf"^https?://[A-Za-z0-9.-]+(?::\d+)?"
    rf"(?:/(?:{_SEGMENT}(?:/{_SEGMENT})*/?)?)?"
    rf"(?:\?{_PAIR}(?:&{_PAIR})*)?"
    r"(?:#.*)?$"
)


def _fast_canonical(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    if host.startswith("www."):
        host = host[4:]
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{host}{path}{query}".rstrip("/")


def canonical_url(url: str) -> str:
    """A URL normalised for deduplication: scheme and host lower-cased, default ports and
    fragments dropped, ``http``/``https`` and a leading ``www.`` treated alike."""
    if not url:
        return ""
    url = url.strip()
    if _SIMPLE_URL.match(url):
        return _fast_canonical(url)
    try:
        normal = url_normalize(url, default_scheme="https")
    except ValueError:  # refused (bad IPv6 literal, IDNA label): keep the raw form
        normal = url
    normal = normal.split("#", 1)[0]
    normal = normal.replace("http://", "https://", 1).replace("https://www.", "https://", 1)
    return normal.rstrip("/")
