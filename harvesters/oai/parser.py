"""Streaming, hardened OAI-PMH response parsing.

``iterparse`` reads one ``<record>`` (or ``<header>``) at a time and clears it, so memory does
not grow with the page size. The parser never expands entities, never loads a DTD or anything
from the network, and accepts huge text nodes and deep trees (``huge_tree``), so a page over
10 MB is parsed to its end or fails loudly; it never ends early in silence. What leaves this
module is plain data: the record XML as bytes, and header fields as strings.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from harvesters.errors import MalformedResponse

from .errors import OaiError, oai_error
from .xmlchars import CleanReader, clean

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_Q = "{%s}%s"
RECORD = _Q % (OAI_NS, "record")
HEADER = _Q % (OAI_NS, "header")
IDENTIFIER = _Q % (OAI_NS, "identifier")
DATESTAMP = _Q % (OAI_NS, "datestamp")
SET_SPEC = _Q % (OAI_NS, "setSpec")
TOKEN = _Q % (OAI_NS, "resumptionToken")
RESPONSE_DATE = _Q % (OAI_NS, "responseDate")
ERROR = _Q % (OAI_NS, "error")


@dataclass(frozen=True)
class OaiRecord:
    identifier: str
    datestamp: str
    deleted: bool
    sets: tuple[str, ...]
    payload: bytes  # the <record> element, serialized


@dataclass
class PageInfo:
    """Filled in while a list page streams; complete once its iterator is exhausted."""

    response_date: str = ""
    token: str | None = None
    complete_list_size: int | None = None
    cursor: int | None = None
    records: int = 0
    errors: list[OaiError] = field(default_factory=list)
    removed_chars: int = 0  # characters XML forbids, dropped before parsing (see xmlchars)


def _safe_parser_kwargs() -> dict:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": True,
        "remove_comments": True,
        "remove_pis": True,
    }


def safe_xml_parser() -> etree.XMLParser:
    """A parser for whole small documents (Identify, one stored record) with the same limits."""
    return etree.XMLParser(**_safe_parser_kwargs())


_parsers = threading.local()


def _thread_parser() -> etree.XMLParser:
    """This thread's parser, made once: making one costs as much as parsing a record with it
    (lxml parsers may be reused, one thread at a time)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = safe_xml_parser()
    return parser


def parse_document(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(clean(data)[0], parser=_thread_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedResponse(f"not well-formed XML: {exc}") from exc
    _reject_doctype(root)
    return root


def _reject_doctype(root) -> None:
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise MalformedResponse("a DOCTYPE is not allowed in OAI-PMH responses")


def raise_errors(root) -> None:
    """Raise the first ``<error>`` of a parsed response as its exception class."""
    for error in root.iter(ERROR):
        raise oai_error(error.get("code", ""), (error.text or "").strip())


def iter_records(stream: IO[bytes], info: PageInfo) -> Iterator[OaiRecord]:
    """Yield the records (or bare headers, for ListIdentifiers) of one list page."""
    reader = CleanReader(stream)
    context = etree.iterparse(
        reader,
        events=("start", "end"),
        tag=(RECORD, HEADER, TOKEN, RESPONSE_DATE, ERROR, f"{{{OAI_NS}}}OAI-PMH"),
        **_safe_parser_kwargs(),
    )
    in_record = False
    checked_root = False
    try:
        for event, elem in context:
            if not checked_root:
                _reject_doctype(elem)
                checked_root = True
            tag = elem.tag
            if event == "start":
                if tag == RECORD:
                    in_record = True
                continue
            if tag == RECORD:
                in_record = False
                yield _record(elem, etree.tostring(elem, with_tail=False))
                info.records += 1
                _release(elem)
            elif tag == HEADER and not in_record:
                yield _record(elem, etree.tostring(elem, with_tail=False))
                info.records += 1
                _release(elem)
            elif tag == TOKEN:
                info.token = (elem.text or "").strip() or None
                size = elem.get("completeListSize")
                info.complete_list_size = int(size) if size and size.isdigit() else None
                cursor = elem.get("cursor")
                info.cursor = int(cursor) if cursor and cursor.isdigit() else None
            elif tag == RESPONSE_DATE:
                info.response_date = (elem.text or "").strip()
            elif tag == ERROR:
                info.errors.append(oai_error(elem.get("code", ""), (elem.text or "").strip()))
    except etree.XMLSyntaxError as exc:
        raise MalformedResponse(f"not well-formed or truncated XML: {exc}") from exc
    finally:
        info.removed_chars = reader.removed
    if not checked_root:
        root = getattr(context, "root", None)
        raise MalformedResponse(
            "empty response" if root is None else f"not an OAI-PMH response (<{root.tag}>)"
        )


def _record(elem, payload: bytes) -> OaiRecord:
    header = elem if elem.tag == HEADER else elem.find(HEADER)
    if header is None:
        raise MalformedResponse("a record without a header")
    return OaiRecord(
        identifier=(header.findtext(IDENTIFIER) or "").strip(),
        datestamp=(header.findtext(DATESTAMP) or "").strip(),
        deleted=header.get("status") == "deleted",
        sets=tuple((s.text or "").strip() for s in header.iter(SET_SPEC)),
        payload=payload,
    )


def _release(elem) -> None:
    """Free a finished record and the siblings before it."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
