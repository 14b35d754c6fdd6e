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

from .errors import NormalizeError
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


class _Lom:
    """Tiny path helper bound to the document's LOM namespace."""

    def __init__(self, elem, ns: str):
        self.elem, self.ns = elem, ns

    def path(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{p}" for p in path.split("/"))

    def all(self, path: str, elem=None) -> list:
        return (elem if elem is not None else self.elem).findall(self.path(path))

    def strings(self, path: str, elem=None) -> list[str]:
        return [(e.text or "").strip() for e in self.all(path, elem) if (e.text or "").strip()]

    def first(self, path: str, elem=None) -> str:
        values = self.strings(path, elem)
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
    lom = _Lom(lom_elem, ns)
    if not remote_id:
        remote_id = lom.first("general/identifier/entry")
    if not remote_id:
        raise NormalizeError("no identifier in the header or general/identifier")
    title = html_to_text(lom.first("general/title/string"))
    if not title:
        raise NormalizeError("no general/title")

    authors, publisher, dates = [], "", []
    for contribute in lom.all("lifeCycle/contribute"):
        role = lom.first("role/value", contribute).lower()
        for card in lom.strings("entity", contribute):
            name = _vcard(card, _FN) or _vcard(card, _ORG)
            if role == "author" and name:
                authors.append(name)
            elif role == "publisher" and name and not publisher:
                publisher = name
        dates += [d for d in map(parse_datetime, lom.strings("date/dateTime", contribute)) if d]

    rights_text = " ".join(lom.strings("rights/description/string"))
    license_url = _URL.search(rights_text)
    license_raw = license_url.group(0).rstrip(".,;)") if license_url else rights_text

    subjects, grades, alignments = [], [], []
    for classification in lom.all("classification"):
        purpose = lom.first("purpose/value", classification).lower()
        for taxon_path in lom.all("taxonPath", classification):
            framework = lom.first("source/string", taxon_path)
            for taxon in lom.all("taxon", taxon_path):
                entry = lom.first("entry/string", taxon)
                taxon_id = lom.first("id", taxon)
                if purpose == "discipline" and (entry or taxon_id):
                    subjects.append(entry or taxon_id)
                elif purpose == "educational level" and (taxon_id or entry):
                    grades.append(taxon_id or entry)
                elif purpose in ("educational objective", "competency") and (taxon_id or entry):
                    alignments.append(AlignmentRef(target=taxon_id or entry, framework=framework))
    grades += lom.strings("educational/typicalAgeRange/string")
    identifiers = lom.strings("general/identifier/entry") + lom.strings("technical/location")
    languages = lom.strings("general/language")
    url = next((u for u in lom.strings("technical/location") if u.startswith("http")), "")
    if not url:
        url = next((u for u in identifiers if u.startswith("http")), "")
    return MaterialRecord(
        remote_id=remote_id,
        title=title,
        url=url,
        description=html_to_text(" ".join(lom.strings("general/description/string"))),
        license_raw=license_raw,
        subjects=tuple(dict.fromkeys(subjects)),
        grades=tuple(dict.fromkeys(grades)),
        resource_types=tuple(dict.fromkeys(lom.strings("educational/learningResourceType/value"))),
        educational_use=tuple(dict.fromkeys(lom.strings("educational/intendedEndUserRole/value"))),
        language=languages[0] if languages else "",
        keywords=tuple(dict.fromkeys(lom.strings("general/keyword/string"))),
        authors=tuple(dict.fromkeys(authors)),
        publisher=publisher,
        date_created=min(dates) if dates else None,
        identifiers=identifier_keys(identifiers),
        alignments=tuple(alignments),
    )
