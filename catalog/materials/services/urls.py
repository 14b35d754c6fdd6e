"""Canonical URLs: the form of a material's URL used to find the same resource across
sources."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from url_normalize import url_normalize

_SIMPLE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][!-~]*)?$")


def canonical_url(url: str) -> str:
    """A URL normalised for deduplication: scheme and host lower-cased, default ports and
    fragments dropped, ``http``/``https`` and a leading ``www.`` treated alike."""
    if not url:
        return ""
    url = url.strip()
    if _SIMPLE_URL.match(url) and "%" not in url and "/." not in url:
        # Fast path for plain ASCII URLs (most of them): the same result as url_normalize.
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        if parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
        if host.startswith("www."):
            host = host[4:]
        path = parts.path or "/"
        query = f"?{parts.query}" if parts.query else ""
        return f"https://{host}{path}{query}".rstrip("/")
    try:
        normal = url_normalize(url.strip(), default_scheme="https")
    except Exception:  # a malformed URL keeps its raw form rather than failing the import
        normal = url.strip()
    normal = normal.split("#", 1)[0]
    normal = normal.replace("http://", "https://", 1).replace("https://www.", "https://", 1)
    return normal.rstrip("/")
