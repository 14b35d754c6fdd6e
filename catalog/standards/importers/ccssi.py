"""The official Common Core identifiers (NGA/CCSSO): GUID, corestandards.org URI and dot
notation for 1,844 standards, as a framework of their own.

Their items carry CCSS keys like every Common Core copy, so they are exact matches of the ASN
and CASE CCSS items (the ASN ↔ CCSS GUID crosswalk) and the targets of NGSS ``alignTo`` links.
``CC_mapped_to_CCSSI_GUIDS.json`` beside the file adds the 2010 URIs and notations as extra
codes of the same GUIDs.
"""

from __future__ import annotations

import json
from pathlib import Path

from .base import ParsedFramework, ParsedItem, StandardsImportError, text

FORMAT = "ccssi"
IDENTIFIER = "http://corestandards.org/"
MAPPING_FILE = "CC_mapped_to_CCSSI_GUIDS.json"


def _first(data) -> dict:
    ok = isinstance(data, list) and bool(data) and isinstance(data[0], dict)
    return data[0] if ok else {}


def looks_like(data) -> bool:
    return "GUID" in _first(data) and "Dot notation" in _first(data)


def is_mapping(data) -> bool:
    """The 2010-URI mapping file: read beside the identifiers, not on its own."""
    return "GUID" in _first(data) and "dot_notation" in _first(data)


def _mapping(source: str) -> dict[str, list[str]]:
    path = Path(source).with_name(MAPPING_FILE)
    if "://" in source or not path.is_file() or path.name == Path(source).name:
        return {}
    extra: dict[str, list[str]] = {}
    for row in json.loads(path.read_text("utf-8")):
        guid = text(row.get("GUID")).upper()
        extra.setdefault(guid, []).extend(
            v for v in (text(row.get("URI")), text(row.get("dot_notation"))) if v
        )
    return extra


def parse(data: list, source: str) -> ParsedFramework:
    framework = ParsedFramework(
        identifier=IDENTIFIER,
        title="Common Core State Standards (official identifiers)",
        source_format=FORMAT,
        uri=IDENTIFIER,
        creator="NGA Center / CCSSO",
        publisher="Common Core State Standards Initiative",
        jurisdiction="CCSS",
        subject="Math, English Language Arts",
        license="CCSS public license",
        ccss_subject="math",  # every dot notation names its subject itself
    )
    extra = _mapping(source)
    by_notation: dict[str, ParsedItem] = {}
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            framework.warnings.append(f"row {index} is not an object")
            continue
        guid, notation = text(row.get("GUID")), text(row.get("Dot notation"))
        if not guid:
            raise StandardsImportError(source, "row has no GUID", notation or f"row {index}")
        if notation in by_notation:
            raise StandardsImportError(source, "duplicate dot notation", notation)
        item = ParsedItem(
            identifier=guid.upper(),
            uri=text(row.get("URI")),
            human_coding_scheme=notation,
            statement="",
            item_type="Standard",
            position=index,
            extra_codes=[("ccss_guid", guid.lower())]
            + [("uri" if "://" in v else "human", v) for v in extra.get(guid.upper(), [])],
        )
        by_notation[notation] = item
    identifiers = {i.identifier for i in by_notation.values()}
    if len(identifiers) != len(by_notation):
        seen: set[str] = set()
        for item in by_notation.values():
            if item.identifier in seen:
                raise StandardsImportError(source, "duplicate GUID", item.identifier)
            seen.add(item.identifier)
    # The tree follows the dot notation: CCSS.Math.Content.3.NF.A.1 sits under …3.NF.A.
    for notation, item in by_notation.items():
        head = notation
        while "." in head:
            head = head.rsplit(".", 1)[0]
            if head in by_notation:
                item.parent = by_notation[head].identifier
                break
    framework.items = list(by_notation.values())
    return framework
