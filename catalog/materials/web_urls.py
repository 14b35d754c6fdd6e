"""Which URLs may be stored and shown as a material's link: absolute ``http``/``https`` only.

A harvested or imported URL ends up in an ``href`` on public pages, so a ``javascript:``,
``data:`` or ``vbscript:`` value is a stored cross-site scripting hole. Browsers read a URL
leniently before they look at its scheme: they drop leading and trailing spaces and control
characters, remove tabs and newlines anywhere (``java\\tscript:`` is ``javascript:``) and
ignore the case of the scheme. These functions read it the same way, so what passes here is
what a browser will treat as a web link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
# Schemes that run script or embed content when followed: an error, never silently skipped.
HOSTILE_SCHEMES = frozenset({"javascript", "vbscript", "data"})

_EDGES = "".join(map(chr, range(0x21))) + "\x7f"  # C0 controls, space and DEL
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class UnsafeURLError(ValueError):
    """A value that must be a web URL is not an absolute ``http``/``https`` URL."""


def _as_browser_reads(value: str) -> str:
    return _TAB_OR_NEWLINE.sub("", (value or "").strip(_EDGES).strip())


def url_scheme(value: str) -> str:
    """The scheme a browser would see in ``value``, lower-cased; "" for a relative URL."""
    m = _SCHEME.match(_as_browser_reads(value))
    return m.group(1).lower() if m else ""


def web_url(value: str | None) -> str:
    """``value`` as a browser reads it when that is an absolute http(s) URL with a host,
    else "". Never raises: for templates and for picking among candidate identifiers."""
    if not value or not isinstance(value, str):
        return ""
    url = _as_browser_reads(value)
    if _CONTROL.search(url) or url_scheme(url) not in WEB_SCHEMES:
        return ""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return ""
    return url if host else ""


def require_web_url(value: str | None, *, field: str = "url") -> str:
    """The cleaned http(s) URL, or "" when ``value`` is blank (a material may have no link).

    Raises ``UnsafeURLError`` for anything else (another scheme, a relative URL, no host,
    control characters), so the record carrying it is rejected rather than stored.
    """
    if value is None or not _as_browser_reads(value):
        return ""
    url = web_url(value)
    if not url:
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise UnsafeURLError(f"{field} {shown!r} is not an absolute http(s) URL")
    return url


def pick_web_url(candidates: Iterable[str], *, field: str = "url") -> str:
    """The first http(s) URL among identifier-like values (``dc:identifier``, LOM
    locations), where URNs, DOIs and ISBNs are ordinary and skipped. A candidate with a
    script or data scheme raises ``UnsafeURLError``: the source is serving a hostile link."""
    found = ""
    for candidate in candidates:
        scheme = url_scheme(candidate)
        if scheme in HOSTILE_SCHEMES:
            require_web_url(candidate, field=field)  # raises, with the value in the message
        if not found:
            found = web_url(candidate)
    return found
