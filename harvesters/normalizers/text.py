"""Text helpers shared by normalizers: HTML to plain text, list splitting, dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import lxml.html
from dateutil import parser as date_parser

_SPACE = re.compile(r"\s+")


def html_to_text(value: str) -> str:
    """Plain text from an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    if not value or not value.strip():
        return ""
    if "<" not in value and "&" not in value:
        return _SPACE.sub(" ", value).strip()
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _SPACE.sub(" ", value).strip()
    for block in fragment.iter("p", "br", "li", "div", "h1", "h2", "h3", "h4"):
        block.tail = " " + (block.tail or "")
    return _SPACE.sub(" ", fragment.text_content().replace("\xa0", " ")).strip()


def split_list(value: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(sep) if item.strip())


def parse_datetime(value: str) -> datetime | None:
    """ISO 8601 and the other common spellings; naive values are taken as UTC."""
    if not value or not value.strip():
        return None
    try:
        parsed = date_parser.parse(value.strip())
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
