"""OAI-PMH ``oai_dc`` record (the stored ``<record>`` XML) → MaterialRecord. Pure."""

from __future__ import annotations

from catalog.materials.records import MaterialRecord
from harvesters.oai.parser import HEADER, IDENTIFIER, parse_document

from .errors import NormalizeError, first_record_url
from .identifiers import identifier_keys
from .text import html_to_text, parse_datetime

DC = "http://purl.org/dc/elements/1.1/"
DC_FIELDS = {
    f"{{{DC}}}{name}": name
    for name in (
        "title",
        "creator",
        "subject",
        "description",
        "publisher",
        "contributor",
        "date",
        "type",
        "format",
        "identifier",
        "source",
        "language",
        "relation",
        "coverage",
        "rights",
    )
}
_LICENSE_HINTS = ("creativecommons.org", "opensource.org", "spdx.org", "/licenses/", "cc-by", "cc0")


def collect_fields(payload: bytes, fields: dict[str, str]) -> tuple[str, dict[str, list[str]]]:
    """The record's OAI identifier and the non-empty texts of ``fields`` (element tag → name),
    in document order. Shared by the Dublin Core flavours (oai_dc, nsdl_dc)."""
    root = parse_document(payload)
    header = root if root.tag == HEADER else root.find(HEADER)
    remote_id = (header.findtext(IDENTIFIER) if header is not None else "") or ""
    values: dict[str, list[str]] = {}
    for elem in root.iter(*fields):
        text = (elem.text or "").strip()
        if text:
            values.setdefault(fields[elem.tag], []).append(text)
    return remote_id.strip(), values


def pick_license(rights: list[str]) -> str:
    for value in rights:
        if any(h in value.lower() for h in _LICENSE_HINTS) and value.startswith("http"):
            return value
    for value in rights:
        if any(h in value.lower() for h in _LICENSE_HINTS):
            return value
    return rights[0] if rights else ""


def dc_elements(payload: bytes, fields: dict[str, str]) -> tuple[str, dict[str, list[str]]]:
    """``collect_fields`` of a record that has what every material needs, an OAI identifier
    and a title (``NormalizeError`` otherwise)."""
    remote_id, dc = collect_fields(payload, fields)
    if not remote_id:
        raise NormalizeError("the header has no identifier")
    if not dc.get("title"):
        raise NormalizeError("no dc:title")
    return remote_id, dc


def dc_material(remote_id: str, dc: dict[str, list[str]], **fields) -> MaterialRecord:
    """The MaterialRecord the fifteen Dublin Core elements give, with ``fields`` set over it
    (what a flavour reads its own way: licence, grades, dates, alignments)."""
    identifiers = dc.get("identifier", [])
    dates = [d for d in (parse_datetime(v) for v in dc.get("date", [])) if d]
    languages = dc.get("language", [])
    common = {
        "remote_id": remote_id,
        "title": html_to_text(dc["title"][0]),
        "url": first_record_url(identifiers),
        "description": html_to_text(" ".join(dc.get("description", []))),
        "license_raw": pick_license(dc.get("rights", [])),
        "subjects": tuple(dict.fromkeys(dc.get("subject", []))),
        "resource_types": tuple(dict.fromkeys(dc.get("type", []))),
        "language": languages[0] if languages else "",
        "authors": tuple(dict.fromkeys(dc.get("creator", []))),
        "publisher": (dc.get("publisher") or [""])[0],
        "date_created": min(dates) if dates else None,
        "identifiers": identifier_keys(identifiers + dc.get("relation", [])),
    }
    return MaterialRecord(**{**common, **fields})


def normalize(payload: bytes) -> MaterialRecord:
    remote_id, dc = dc_elements(payload, DC_FIELDS)
    return dc_material(remote_id, dc)
