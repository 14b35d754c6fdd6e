"""Read a path or URL and parse it with the right importer.

- a file: format detected from its content (XML → ASN RDF/XML; JSON → CASE package, ASN
  RDF/JSON, ASN tree or CCSS identifiers);
- a directory: every ``.json`` / ``.xml`` file in it whose content is a standards format
  (others are skipped with a note);
- a URL to a file: fetched, then as a file;
- a CASE 1.0 API base URL (``https://host`` or ``…/ims/case/v1p0``): every document listed
  by ``CFDocuments``, each fetched as ``CFPackages/{identifier}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import asn_json, asn_rdfxml, case, ccssi
from .base import ParsedFramework, StandardsImportError
from .http import fetch, session

CASE_PATH = "/ims/case/v1p0"


@dataclass
class Loaded:
    """A parsed framework, or a note saying why a file in a directory was skipped."""

    source: str
    framework: ParsedFramework | None = None
    skipped: str = ""


def parse_bytes(content: bytes, source: str, *, strict: bool = True) -> ParsedFramework | None:
    """Parse one file's bytes; ``None`` (when not ``strict``) for a non-standards file."""
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return asn_rdfxml.parse(content, source)
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StandardsImportError(source, f"not valid JSON: {exc}") from exc
    if case.looks_like(data):
        return case.parse(data, source)
    if asn_json.looks_like_graph(data):
        return asn_json.parse_rdf_json(data, source)
    if ccssi.looks_like(data):
        return ccssi.parse(data, source)
    if ccssi.is_mapping(data):
        if strict:
            message = f"import CCSSI-identifiers-v2.json; {ccssi.MAPPING_FILE} is read beside it"
            raise StandardsImportError(source, message)
        return None
    if asn_json.looks_like_tree(data):
        return asn_json.parse_tree(data, source)
    if strict:
        raise StandardsImportError(source, "not a CASE package, ASN document or CCSS identifiers")
    return None


def _is_case_api(url: str) -> bool:
    path = url.split("://", 1)[-1].partition("/")[2].rstrip("/")
    return path == "" or path.endswith(CASE_PATH.strip("/")) or path.endswith("CFDocuments")


def _case_api(url: str) -> Iterator[Loaded]:
    http = session()
    base = url.rstrip("/")
    for suffix in ("/CFDocuments", CASE_PATH):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    listing_url = f"{base}{CASE_PATH}/CFDocuments"
    try:
        listing = json.loads(fetch(http, listing_url))
        documents = listing["CFDocuments"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StandardsImportError(listing_url, f"not a CFDocuments listing: {exc}") from exc
    for doc in documents:
        identifier = doc.get("identifier") if isinstance(doc, dict) else None
        if not identifier:
            raise StandardsImportError(listing_url, "CFDocument has no identifier")
        package_url = f"{base}{CASE_PATH}/CFPackages/{quote(identifier, safe=':/')}"
        yield Loaded(package_url, parse_bytes(fetch(http, package_url), package_url))


def load(path_or_url: str) -> Iterator[Loaded]:
    """Parse everything ``path_or_url`` names, one framework at a time."""
    if path_or_url.startswith(("http://", "https://")):
        if _is_case_api(path_or_url):
            yield from _case_api(path_or_url)
        else:
            yield Loaded(path_or_url, parse_bytes(fetch(session(), path_or_url), path_or_url))
        return
    path = Path(path_or_url)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix in {".json", ".xml"}):
            try:
                parsed = parse_bytes(child.read_bytes(), str(child), strict=False)
            except StandardsImportError as exc:
                if "not valid JSON" in str(exc):
                    yield Loaded(str(child), skipped=str(exc))
                    continue
                raise
            if parsed is None:
                yield Loaded(str(child), skipped="not a standards format")
            else:
                yield Loaded(str(child), parsed)
        return
    if not path.is_file():
        raise StandardsImportError(path_or_url, "no such file or directory")
    yield Loaded(str(path), parse_bytes(path.read_bytes(), str(path)))
