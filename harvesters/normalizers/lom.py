"""IEEE LOM (IEEE 1484.12.3 XML binding, ``lom`` / ``oai_lom``) record → MaterialRecord. Pure.

Reads general (identifier, title, language, description, keyword), lifeCycle (author and
publisher contributions, dates), technical/location (URL), educational (learning resource
type, intended end user role, context, typical age range), rights (license URL or text) and
classification: purpose ``discipline`` → subjects, ``educational level`` → grade bands,
``educational objective`` / ``competency`` → standards alignments (taxon id or entry).
"""

from __future__ import annotations

import re

from catalog.materials.records import AlignmentRef, MaterialRecord
from harvesters.oai.parser import HEADER, IDENTIFIER, parse_document

from .errors import NormalizeError, first_record_url
from .identifiers import identifier_keys
from .text import html_to_text, parse_datetime

LOM_NAMESPACES = ("http://ltsc.ieee.org/xsd/LOM", "http://ltsc.ieee.org/xsd/LOMv1p0")
_FN = re.compile(r"^FN(?:;[^:]*)?:(.*)$", re.M)
_ORG = re.compile(r"^ORG(?:;[^:]*)?:(.*)$", re.M)
_URL = re.compile(r"https?://\S+")


def _lom_root(root):
    for ns in LOM_NAMESPACES:
        lom = root if root.tag == f"{{{ns}}}lom" else root.find(f".//{{{ns}}}lom")
        if lom is not None:
            return lom, ns
    return None, None


def _tree(elem, prefix: str) -> dict[str, list]:
    """The element's LOM children (tags starting ``prefix``, the ``{namespace}``) by local
    name, read once: a leaf as its stripped text, an element with children as the same kind
    of dict. Every lookup after this is a dict access."""
    node: dict[str, list] = {}
    cut = len(prefix)
    for child in elem:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(prefix):  # comments, extensions
            continue
        value = _tree(child, prefix) if len(child) else (child.text or "").strip()
        node.setdefault(tag[cut:], []).append(value)
    return node


def _nodes(node: dict, path: str) -> list:
    """Everything at ``path`` (``a/b/c``) under ``node``: dicts and strings."""
    found = [node]
    for name in path.split("/"):
        found = [v for n in found if isinstance(n, dict) for v in n.get(name, ())]
    return found


def _elements(node: dict, path: str) -> list[dict]:
    """The elements with children at ``path`` (a leaf where one is expected is skipped)."""
    return [v for v in _nodes(node, path) if isinstance(v, dict)]


def _strings(node: dict, path: str) -> list[str]:
    return [v for v in _nodes(node, path) if isinstance(v, str) and v]


def _first(node: dict, path: str) -> str:
    values = _strings(node, path)
    return values[0] if values else ""


def _vcard(text: str, pattern) -> str:
    m = pattern.search(text.replace("\r\n", "\n"))
    return m.group(1).strip() if m else ""


def normalize(payload: bytes) -> MaterialRecord:
    root = parse_document(payload)
    header = root if root.tag == HEADER else root.find(HEADER)
    remote_id = ((header.findtext(IDENTIFIER) if header is not None else "") or "").strip()
    lom_elem, ns = _lom_root(root)
    if lom_elem is None:
        raise NormalizeError("no IEEE LOM <lom> element")
    lom = _tree(lom_elem, f"{{{ns}}}")
    if not remote_id:
        remote_id = _first(lom, "general/identifier/entry")
    if not remote_id:
        raise NormalizeError("no identifier in the header or general/identifier")
    title = html_to_text(_first(lom, "general/title/string"))
    if not title:
        raise NormalizeError("no general/title")

    authors, publisher, dates = [], "", []
    for contribute in _elements(lom, "lifeCycle/contribute"):
        role = _first(contribute, "role/value").lower()
        for card in _strings(contribute, "entity"):
            name = _vcard(card, _FN) or _vcard(card, _ORG)
            if role == "author" and name:
                authors.append(name)
            elif role == "publisher" and name and not publisher:
                publisher = name
        dates += [d for d in map(parse_datetime, _strings(contribute, "date/dateTime")) if d]

    rights_text = " ".join(_strings(lom, "rights/description/string"))
    license_url = _URL.search(rights_text)
    license_raw = license_url.group(0).rstrip(".,;)") if license_url else rights_text

    subjects, grades, alignments = [], [], []
    for classification in _elements(lom, "classification"):
        purpose = _first(classification, "purpose/value").lower()
        for taxon_path in _elements(classification, "taxonPath"):
            framework = _first(taxon_path, "source/string")
            for taxon in _elements(taxon_path, "taxon"):
                entry = _first(taxon, "entry/string")
                taxon_id = _first(taxon, "id")
                if purpose == "discipline" and (entry or taxon_id):
                    subjects.append(entry or taxon_id)
                elif purpose == "educational level" and (taxon_id or entry):
                    grades.append(taxon_id or entry)
                elif purpose in ("educational objective", "competency") and (taxon_id or entry):
                    alignments.append(AlignmentRef(target=taxon_id or entry, framework=framework))
    grades += _strings(lom, "educational/typicalAgeRange/string")
    locations = _strings(lom, "technical/location")
    identifiers = _strings(lom, "general/identifier/entry") + locations
    languages = _strings(lom, "general/language")
    url = first_record_url(locations) or first_record_url(identifiers)
    return MaterialRecord(
        remote_id=remote_id,
        title=title,
        url=url,
        description=html_to_text(" ".join(_strings(lom, "general/description/string"))),
        license_raw=license_raw,
        subjects=tuple(dict.fromkeys(subjects)),
        grades=tuple(dict.fromkeys(grades)),
        resource_types=tuple(
            dict.fromkeys(_strings(lom, "educational/learningResourceType/value"))
        ),
        educational_use=tuple(
            dict.fromkeys(_strings(lom, "educational/intendedEndUserRole/value"))
        ),
        language=languages[0] if languages else "",
        keywords=tuple(dict.fromkeys(_strings(lom, "general/keyword/string"))),
        authors=tuple(dict.fromkeys(authors)),
        publisher=publisher,
        date_created=min(dates) if dates else None,
        identifiers=identifier_keys(identifiers),
        alignments=tuple(alignments),
    )
