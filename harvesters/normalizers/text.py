"""Text helpers shared by normalizers: HTML to plain text, list splitting, dates."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from dateutil import parser as date_parser

_SPACE = re.compile(r"\s+")
_DROPPED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|td|th|table|blockquote|section|article|dd|dt|hr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def html_to_text(value: str) -> str:
    """Plain text from an HTML fragment: tags dropped, entities decoded, whitespace collapsed.

    Block elements become word breaks and inline ones do not (``<b>frac</b>tions`` stays one
    word); comments, scripts and styles are dropped. A regular-expression pass rather than an
    HTML parser: descriptions are small fragments and harvests read millions of them.
    """
    if not value or not value.strip():
        return ""
    if "<" in value:
        value = _DROPPED.sub(" ", value)
        value = _BLOCK_TAG.sub(" ", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = html.unescape(value)
    return _SPACE.sub(" ", value.replace("\xa0", " ")).strip()


def split_list(value: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(sep) if item.strip())


def parse_datetime(value: str) -> datetime | None:
    """ISO 8601 and the other common spellings; naive values are taken as UTC."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _ISO_DATE.match(value):  # the usual spelling: no need for dateutil's general parser
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        parsed = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
