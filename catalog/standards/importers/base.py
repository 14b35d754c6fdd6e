"""Typed output of every parser and the one error class for unreadable sources.

Parsers are pure: bytes in, ``ParsedFramework`` out. Nothing past a parser sees JSON dicts or
lxml elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class StandardsImportError(Exception):
    """A source that cannot be imported; the message names the file and, when known, the item."""

    def __init__(self, source: str, message: str, item: str = ""):
        self.source = source
        self.item = item
        where = f"{source}: item {item!r}: " if item else f"{source}: "
        super().__init__(where + message)


@dataclass
class ParsedItem:
    identifier: str
    statement: str = ""
    uri: str = ""
    human_coding_scheme: str = ""
    abbreviated_statement: str = ""
    item_type: str = ""
    education_levels: list[str] = field(default_factory=list)
    list_enumeration: str = ""
    parent: str = ""  # identifier of the parent item; "" = a top-level item
    position: int = 0
    extra_codes: list[tuple[str, str]] = field(default_factory=list)  # (kind, code)


@dataclass
class ParsedAssociation:
    identifier: str
    association_type: str
    origin: str
    destination: str
    sequence_number: int | None = None


@dataclass
class ParsedFramework:
    identifier: str
    title: str
    source_format: str
    uri: str = ""
    creator: str = ""
    publisher: str = ""
    jurisdiction: str = ""
    subject: str = ""
    version: str = ""
    adoption_status: str = ""
    license: str = ""
    description: str = ""
    ccss_subject: str = ""  # "math" / "ela" when this framework publishes Common Core
    items: list[ParsedItem] = field(default_factory=list)
    associations: list[ParsedAssociation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # items that could not be read


def text(value) -> str:
    """A string from a scalar, a ``{"title"|"literal"|"value": …}`` dict or None."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("literal", "title", "value", "prefLabel", "identifier"):
            if value.get(key):
                return str(value[key]).strip()
        return ""
    if isinstance(value, list):
        return ", ".join(t for t in (text(v) for v in value) if t)
    return str(value).strip()


def last_segment(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1] if uri else ""
