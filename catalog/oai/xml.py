"""Writing OAI-PMH responses (lxml): envelope, headers, oai_dc and IEEE LOM metadata."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from catalog.xmltext import xml_text

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"

FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    "lom": ("http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd", LOM_NS),
}


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sub(parent, tag: str, text=None, ns: str = OAI_NS, **attrs):
    """Every text and attribute value the provider writes passes here, cleaned of the
    characters XML 1.0 forbids (stored text may hold them, whatever its source)."""
    el = etree.SubElement(parent, q(ns, tag), {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def envelope(base_url: str, request_args: dict | None):
    """The OAI-PMH root with responseDate and request (attributes only when the request was
    valid: a badVerb/badArgument response echoes the base URL alone)."""
    root = etree.Element(q(OAI_NS, "OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(
        q(XSI_NS, "schemaLocation"),
        f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    )
    sub(root, "responseDate", stamp(dt.datetime.now(dt.UTC)))
    sub(root, "request", base_url, **(request_args or {}))
    return root


def header(parent, identifier: str, item) -> None:
    attrs = {"status": "deleted"} if item.deleted else {}
    el = sub(parent, "header", **attrs)
    sub(el, "identifier", identifier)
    sub(el, "datestamp", stamp(item.datestamp))
    for spec in item.sets:
        sub(el, "setSpec", spec)


def _effective(material, name: str):
    value = material.effective(name)
    return value if value is not None else ""


def oai_dc(parent, material) -> None:
    dc = etree.SubElement(parent, q(OAI_DC_NS, "dc"), nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS})
    dc.set(q(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} {FORMATS['oai_dc'][0]}")
    sub(dc, "title", _effective(material, "title"), ns=DC_NS)
    for author in _effective(material, "authors") or []:
        sub(dc, "creator", author, ns=DC_NS)
    for subject in [*(_effective(material, "subjects") or []), *(material.keywords or [])]:
        sub(dc, "subject", subject, ns=DC_NS)
    if _effective(material, "description"):
        sub(dc, "description", _effective(material, "description"), ns=DC_NS)
    if _effective(material, "publisher"):
        sub(dc, "publisher", _effective(material, "publisher"), ns=DC_NS)
    if material.date_created:
        sub(dc, "date", material.date_created.date().isoformat(), ns=DC_NS)
    for kind in _effective(material, "resource_types") or []:
        sub(dc, "type", kind, ns=DC_NS)
    if _effective(material, "url"):
        sub(dc, "identifier", _effective(material, "url"), ns=DC_NS)
    if _effective(material, "language"):
        sub(dc, "language", _effective(material, "language"), ns=DC_NS)
    license = material.license
    rights = (license.uri if license and license.uri else "") or material.license_raw
    if rights:
        sub(dc, "rights", rights, ns=DC_NS)


def _lang_string(parent, tag: str, text: str, language: str) -> None:
    el = sub(parent, tag, ns=LOM_NS)
    sub(el, "string", text, ns=LOM_NS, language=language or "en")


def _vocab(parent, tag: str, value: str) -> None:
    el = sub(parent, tag, ns=LOM_NS)
    sub(el, "source", "LOMv1.0", ns=LOM_NS)
    sub(el, "value", value, ns=LOM_NS)


def lom(parent, material, identifier: str) -> None:
    lang = _effective(material, "language") or "en"
    root = etree.SubElement(parent, q(LOM_NS, "lom"), nsmap={None: LOM_NS})
    root.set(q(XSI_NS, "schemaLocation"), f"{LOM_NS} {FORMATS['lom'][0]}")
    general = sub(root, "general", ns=LOM_NS)
    ident = sub(general, "identifier", ns=LOM_NS)
    sub(ident, "catalog", "oai", ns=LOM_NS)
    sub(ident, "entry", identifier, ns=LOM_NS)
    _lang_string(general, "title", _effective(material, "title"), lang)
    sub(general, "language", lang, ns=LOM_NS)
    if _effective(material, "description"):
        _lang_string(general, "description", _effective(material, "description"), lang)
    for word in [*(material.keywords or []), *(_effective(material, "subjects") or [])]:
        _lang_string(general, "keyword", word, lang)
    people = [("author", a) for a in _effective(material, "authors") or []]
    if _effective(material, "publisher"):
        people.append(("publisher", _effective(material, "publisher")))
    if people:
        life = sub(root, "lifeCycle", ns=LOM_NS)
        for role, name in people:
            contribute = sub(life, "contribute", ns=LOM_NS)
            _vocab(contribute, "role", role)
            sub(contribute, "entity", f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEND:VCARD", ns=LOM_NS)
    if _effective(material, "url"):
        technical = sub(root, "technical", ns=LOM_NS)
        sub(technical, "location", _effective(material, "url"), ns=LOM_NS)
    educational = sub(root, "educational", ns=LOM_NS)
    for kind in _effective(material, "resource_types") or []:
        _lang_string(educational, "learningResourceType", kind, "en")
    for grade in _effective(material, "grades") or []:
        _lang_string(educational, "typicalAgeRange", f"grade {grade}", "en")
    rights = sub(root, "rights", ns=LOM_NS)
    license = material.license
    _vocab(rights, "copyrightAndOtherRestrictions", "yes")
    text = (license.uri if license and license.uri else "") or material.license_raw or "unknown"
    _lang_string(rights, "description", text, "en")


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
