"""Streaming, hardened OAI-PMH response parsing.

``iterparse`` reads one ``<record>`` (or ``<header>``) at a time and clears it, so memory does
not grow with the page size. The parser never expands entities, never loads a DTD or anything
from the network. What leaves this module is plain data: the record XML as bytes, and header
fields as strings.

Memory stays bounded whatever a server sends. A record whose XML is over ``max_record_bytes``,
or with one text field over ``max_field_bytes``, comes out as an ``OaiRecord`` with ``error``
set and no payload (a per-record error; the rest of the page goes on). What cannot be held to
find where it ends fails the whole page with ``ResponseTooLarge`` (never silently, never
retried): a text node over libxml2's 10 MB limit (``huge_tree`` stays off), or a record still
open after ``RECORD_CEILING`` times ``max_record_bytes`` of input.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO

from lxml import etree

from catalog.http import MalformedResponse, ResponseTooLarge

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
RECORD_CEILING = 4  # times max_record_bytes: a record still open after that much input fails


@dataclass(frozen=True)
class OaiRecord:
    identifier: str
    datestamp: str
    deleted: bool
    sets: tuple[str, ...]
    payload: bytes  # the <record> element, serialized
    error: str = ""  # why the record was refused (then ``payload`` is empty)


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
        "huge_tree": False,  # libxml2's limits: a text node over 10 MB is an error
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


class _Meter:
    """Counts the bytes read by the parser and stops a record from growing past a ceiling
    while it streams (the parser would hold all of it before the record's end event)."""

    def __init__(self, raw: IO[bytes], ceiling: int | None):
        self.raw = raw
        self.ceiling = ceiling
        self.count = 0
        self.record_from: int | None = None  # bytes read when the open record started

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if (
            self.ceiling
            and self.record_from is not None
            and self.count - self.record_from > self.ceiling
        ):
            raise _RecordOverCeiling
        return data


class _RecordOverCeiling(Exception):
    pass


def iter_records(
    stream: IO[bytes],
    info: PageInfo,
    *,
    max_record_bytes: int | None = None,
    max_field_bytes: int | None = None,
) -> Iterator[OaiRecord]:
    """Yield the records (or bare headers, for ListIdentifiers) of one list page; records over
    the limits come out with ``error`` set (see the module docstring)."""
    meter = _Meter(stream, RECORD_CEILING * max_record_bytes if max_record_bytes else None)
    reader = CleanReader(meter)
    context = etree.iterparse(
        reader,
        events=("start", "end"),
        tag=(RECORD, HEADER, TOKEN, RESPONSE_DATE, ERROR, f"{{{OAI_NS}}}OAI-PMH"),
        **_safe_parser_kwargs(),
    )
    in_record = False
    checked_root = False
    last_id = ""
    try:
        for event, elem in context:
            if not checked_root:
                _reject_doctype(elem)
                checked_root = True
            tag = elem.tag
            if event == "start":
                if tag == RECORD:
                    in_record = True
                    meter.record_from = meter.count
                continue
            if tag == RECORD:
                in_record = False
                meter.record_from = None
                yield _limited(elem, max_record_bytes, max_field_bytes)
                info.records += 1
                _release(elem)
            elif tag == HEADER and not in_record:
                yield _record(elem, etree.tostring(elem, with_tail=False))
                info.records += 1
                _release(elem)
            elif tag == HEADER:
                last_id = (elem.findtext(IDENTIFIER) or "").strip()
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
    except _RecordOverCeiling:
        raise ResponseTooLarge(
            f"record {last_id or '(no identifier yet)'} too large: still open after "
            f"{meter.ceiling} bytes ({RECORD_CEILING} x max_record_bytes); the page cannot be "
            "read past it"
        ) from None
    except etree.XMLSyntaxError as exc:
        if "huge" in str(exc).lower() or "too long" in str(exc).lower():
            raise ResponseTooLarge(
                f"a text node too large (over libxml2's 10 MB limit) in record "
                f"{last_id or '(no identifier yet)'}; the page cannot be read past it: {exc}"
            ) from exc
        raise MalformedResponse(f"not well-formed or truncated XML: {exc}") from exc
    finally:
        info.removed_chars = reader.removed
    if not checked_root:
        root = getattr(context, "root", None)
        raise MalformedResponse(
            "empty response" if root is None else f"not an OAI-PMH response (<{root.tag}>)"
        )


def _limited(elem, max_record_bytes: int | None, max_field_bytes: int | None) -> OaiRecord:
    """The record, or its header with ``error`` set if it is over a limit."""
    payload = etree.tostring(elem, with_tail=False)
    if max_record_bytes and len(payload) > max_record_bytes:
        return replace(
            _record(elem, b""),
            error=f"record too large: {len(payload)} bytes, over max_record_bytes "
            f"({max_record_bytes})",
        )
    if max_field_bytes and len(payload) > max_field_bytes:
        for node in elem.iter():
            for text in (node.text, node.tail):
                if not text or len(text) * 4 <= max_field_bytes:
                    continue  # cannot be over: UTF-8 takes at most 4 bytes a character
                size = len(text.encode("utf-8"))
                if size > max_field_bytes:
                    return replace(
                        _record(elem, b""),
                        error=f"field <{etree.QName(node).localname}> too large: {size} bytes, "
                        f"over max_field_bytes ({max_field_bytes})",
                    )
    return _record(elem, payload)


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
