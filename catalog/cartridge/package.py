"""An IMS Common Cartridge 1.1 package from plain values: pure functions, no database.

What goes where (each choice validates against the CC 1.1 schemas: the package schema
``ccv1p1_imscp_v1p2_v1p0.xsd`` with its manifest LOM profile, and ``ccv1p1_imswl_v1p1.xsd``):

- ``imsmanifest.xml``: the cartridge-level LOM. ``general`` holds the title, the description
  (which also states version, review date and jurisdiction in words), keywords, the canonical
  URL as an identifier, and the jurisdiction as ``coverage`` (LOM's "region to which the
  object applies"). ``lifeCycle`` has one ``contribute`` per event: the review (role
  "educational validator", the jurisdiction as entity, the review date) and the publication
  (role "publisher", the date, "Version N" as the date's description): the CC profile allows
  nothing else there, so the version number lives in that description and in the identifier
  URL. ``educational`` says school context, instructors and learners; ``rights`` carries the
  licence note (each material keeps its own licence); grades are a ``classification`` of
  purpose "educational level" with one taxon per grade (the profile has no age range).
- The organisation: one item per material, under one item per group when the links have
  groups (a list's tiers), after an "About this list and attributions" item.
- One link file per material in its own folder (a CC "learning application object"): a web
  link (``imswl_xmlv1p1``) by default. ``LinkFormat`` is the seam where an LTI link
  (``imsbasiclti_xmlv1p0``) replaces it when a platform is configured.
- ``about/attribution.html`` (web content): the list's details and every material's TASL
  attribution (title, author, source, licence) with its licence link.

Text from sources and people passes through ``catalog.xmltext.xml_text`` (characters XML 1.0
cannot carry are dropped); lxml escapes markup, and the HTML page escapes everything but the
attribution HTML, which ``catalog.licenses.rules.attribution`` has already escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from lxml import etree

from catalog.materials.web_urls import web_url
from catalog.xmltext import xml_text

CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
WL_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1/"
CONTENT_TYPE = "application/vnd.ims.imsccv1p1"
ABOUT_FILE = "about/attribution.html"
_WHITESPACE = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Link:
    """One material as the cartridge links it."""

    title: str
    url: str  # http(s): the material's own page, or the registry's page when it has none
    attribution_text: str  # TASL, plain text
    attribution_html: str  # TASL, already-escaped HTML
    license_name: str = ""
    license_url: str = ""
    group: str = ""  # e.g. the list's tier; "" when the source does not group
    note: str = ""


@dataclass(frozen=True)
class About:
    """What the cartridge as a whole is."""

    key: str  # stable identifier seed: "list-12-v3", "collection-<token>"
    title: str
    description: str
    url: str  # canonical absolute URL (a list version's page, a collection's page)
    kind: str = "list"  # "list" or "collection", for the wording of the about page
    language: str = "en"
    keywords: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    jurisdiction: str = ""
    version: int | None = None
    reviewed: dt.date | None = None
    published: dt.date | None = None
    publisher: str = ""


class LinkFormat(Protocol):
    """How a material's link is written: its resource type and its descriptor file."""

    resource_type: str
    filename: str

    def document(self, link: Link) -> bytes: ...


class WebLinkFormat:
    """A CC 1.1 web link (``imswl_xmlv1p1``): title and URL, opened in a new window."""

    resource_type = "imswl_xmlv1p1"
    filename = "weblink.xml"

    def document(self, link: Link) -> bytes:
        return weblink_xml(link)


WEB_LINK = WebLinkFormat()


def line(value: object) -> str:
    """One line of XML-safe text: forbidden characters dropped, whitespace runs as one space."""
    return _WHITESPACE.sub(" ", xml_text(value)).strip()


def _el(parent, ns: str, name: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{name}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _lang_string(parent, name: str, text: str, language: str):
    holder = _el(parent, LOM_NS, name)
    _el(holder, LOM_NS, "string", xml_text(text), language=language)
    return holder


def _vocabulary(parent, name: str, value: str, source: str = ""):
    """A LOM vocabulary element; ``source`` only where the CC profile has one."""
    holder = _el(parent, LOM_NS, name)
    if source:
        _el(holder, LOM_NS, "source", source)
    _el(holder, LOM_NS, "value", value)
    return holder


def _contribute(parent, role: str, entity: str, date: dt.date, note: str, language: str):
    contribute = _el(parent, LOM_NS, "contribute")
    _vocabulary(contribute, "role", role)
    if entity:
        _el(contribute, LOM_NS, "entity", line(entity))
    when = _el(contribute, LOM_NS, "date")
    _el(when, LOM_NS, "dateTime", date.isoformat())
    _lang_string(when, "description", note, language)


def licence_note(links: Sequence[Link]) -> str:
    """The cartridge's rights note: each material keeps its licence; which licences, how many."""
    counts: dict[str, int] = {}
    for link in links:
        name = line(link.license_name) or "licence unknown"
        counts[name] = counts.get(name, 0) + 1
    listed = "; ".join(f"{name} ({n})" for name, n in sorted(counts.items()))
    return (
        "Each linked material keeps its own licence"
        + (f": {listed}" if listed else "")
        + f". The attribution of each (title, author, source, licence) is in {ABOUT_FILE}."
    )


def _lom(metadata, about: About, links: Sequence[Link]) -> None:
    lang = about.language or "en"
    lom = _el(metadata, LOM_NS, "lom")
    general = _el(lom, LOM_NS, "general")
    identifier = _el(general, LOM_NS, "identifier")
    _el(identifier, LOM_NS, "catalog", "URI")
    _el(identifier, LOM_NS, "entry", line(about.url))
    _lang_string(general, "title", line(about.title), lang)
    _el(general, LOM_NS, "language", lang)
    _lang_string(general, "description", about.description, lang)
    for keyword in dict.fromkeys(line(k) for k in about.keywords if line(k)):
        _lang_string(general, "keyword", keyword, lang)
    if about.jurisdiction:
        _lang_string(general, "coverage", line(about.jurisdiction), lang)
    events = []
    if about.reviewed:
        events.append(("educational validator", about.jurisdiction, about.reviewed, "Reviewed"))
    if about.published:
        note = f"Version {about.version} published" if about.version else "Published"
        events.append(("publisher", about.publisher, about.published, note))
    if events:
        life = _el(lom, LOM_NS, "lifeCycle")
        for role, entity, date, note in events:
            _contribute(life, role, entity, date, note, lang)
    educational = _el(lom, LOM_NS, "educational")
    _el(_el(educational, LOM_NS, "learningResourceType"), LOM_NS, "value", "IMS Common Cartridge")
    _vocabulary(educational, "context", "school", source="LOMv1.0")
    for role in ("Instructor", "Learner"):
        _vocabulary(educational, "intendedEndUserRole", role, source="IMSGLC_CC_Rolesv1p1")
    rights = _el(lom, LOM_NS, "rights")
    _vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
    _lang_string(rights, "description", licence_note(links), lang)
    if about.grades:
        classification = _el(lom, LOM_NS, "classification")
        _vocabulary(classification, "purpose", "educational level")
        for grade in about.grades:
            taxon = _el(_el(classification, LOM_NS, "taxonPath"), LOM_NS, "taxon")
            _el(taxon, LOM_NS, "id", line(grade))
            _lang_string(taxon, "entry", grade_label(grade), lang)


def grade_label(code: str) -> str:
    """A grade code as words: "K" is Kindergarten, "PK" Pre-kindergarten, "3" Grade 3."""
    code = line(code)
    return {"K": "Kindergarten", "PK": "Pre-kindergarten"}.get(code.upper(), f"Grade {code}")


def identifier(key: str) -> str:
    """An ``xs:ID`` (an XML name) from a key: letters, digits, ``_ . -``, never a digit first."""
    return "CC_" + (_NOT_NAME.sub("_", key).strip("_") or "cartridge")


def grouped(links: Sequence[Link]) -> list[tuple[str, list[tuple[int, Link]]]]:
    """(group, [(index, link)]) in the order groups first appear; one unnamed group when no
    link has a group. Links without a group, when others have one, come last as "Other"."""
    if not any(link.group for link in links):
        return [("", list(enumerate(links)))]
    groups: dict[str, list[tuple[int, Link]]] = {}
    for index, link in enumerate(links):
        groups.setdefault(line(link.group), []).append((index, link))
    ungrouped = groups.pop("", None)
    out = [(name, groups[name]) for name in sorted(groups)]
    if ungrouped:
        out.append(("Other", ungrouped))
    return out


def _resource_id(index: int) -> str:
    return f"R_{index + 1:04d}"


def manifest_xml(about: About, links: Sequence[Link], link_format: LinkFormat = WEB_LINK) -> bytes:
    """``imsmanifest.xml``: LOM metadata, the organisation, one resource per material."""
    nsmap = {None: CP_NS, "lomimscc": LOM_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}manifest", nsmap=nsmap, identifier=identifier(about.key))
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{CP_NS} {PROFILE}ccv1p1_imscp_v1p2_v1p0.xsd "
        f"{LOM_NS} {PROFILE}LOM/ccv1p1_lommanifest_v1p0.xsd",
    )
    metadata = _el(root, CP_NS, "metadata")
    _el(metadata, CP_NS, "schema", "IMS Common Cartridge")
    _el(metadata, CP_NS, "schemaversion", "1.1.0")
    _lom(metadata, about, links)

    organization = _el(
        _el(root, CP_NS, "organizations"),
        CP_NS,
        "organization",
        identifier="ORG_1",
        structure="rooted-hierarchy",
    )
    top = _el(organization, CP_NS, "item", identifier="ITEM_ROOT")
    about_item = _el(top, CP_NS, "item", identifier="ITEM_ABOUT", identifierref="R_ABOUT")
    _el(about_item, CP_NS, "title", f"About this {about.kind} and attributions")
    for number, (group, members) in enumerate(grouped(links), start=1):
        parent = top
        if group:
            parent = _el(top, CP_NS, "item", identifier=f"GROUP_{number}")
            _el(parent, CP_NS, "title", group)
        for index, link in members:
            item = _el(
                parent,
                CP_NS,
                "item",
                identifier=f"ITEM_{index + 1:04d}",
                identifierref=_resource_id(index),
            )
            _el(item, CP_NS, "title", line(link.title) or "Untitled")

    resources = _el(root, CP_NS, "resources")
    about_resource = _el(
        resources, CP_NS, "resource", identifier="R_ABOUT", type="webcontent", href=ABOUT_FILE
    )
    _el(about_resource, CP_NS, "file", href=ABOUT_FILE)
    for index in range(len(links)):
        resource = _el(
            resources,
            CP_NS,
            "resource",
            identifier=_resource_id(index),
            type=link_format.resource_type,
        )
        _el(resource, CP_NS, "file", href=link_path(index, link_format))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def link_path(index: int, link_format: LinkFormat = WEB_LINK) -> str:
    """Where the ``index``-th link's descriptor lives: its own folder, as CC wants for LAOs."""
    return f"{_resource_id(index)}/{link_format.filename}"


def weblink_xml(link: Link) -> bytes:
    """A CC 1.1 web link: its title and an http(s) URL opened in a new window. Raises
    ``ValueError`` for any other URL (a ``javascript:`` link must never reach an LMS)."""
    url = web_url(link.url)
    if not url:
        raise ValueError(f"not an http(s) URL: {link.url[:80]!r}")
    root = etree.Element(f"{{{WL_NS}}}webLink", nsmap={None: WL_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{WL_NS} {PROFILE}ccv1p1_imswl_v1p1.xsd")
    _el(root, WL_NS, "title", line(link.title) or "Untitled")
    _el(root, WL_NS, "url", href=url, target="_blank")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _facts(about: About) -> list[tuple[str, str]]:
    facts = [
        ("Jurisdiction", about.jurisdiction),
        ("Version", str(about.version) if about.version else ""),
        ("Reviewed", about.reviewed.isoformat() if about.reviewed else ""),
        ("Published", about.published.isoformat() if about.published else ""),
        ("Grades", ", ".join(grade_label(g) for g in about.grades)),
        ("Online", about.url),
    ]
    return [(label, value) for label, value in facts if value]


def attribution_html(about: About, links: Sequence[Link]) -> bytes:
    """The about page: the cartridge's details and each material's TASL attribution."""
    esc = lambda value: escape(xml_text(value))  # noqa: E731 - a local shorthand
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in _facts(about))
    rows = []
    for group, members in grouped(links):
        if group:
            rows.append(f"<h2>{esc(group)}</h2>")
        rows.append("<ol>")
        for _, link in members:
            note = f"<br>{esc(link.note)}" if link.note else ""
            rows.append(f"<li>{xml_text(link.attribution_html)}{note}</li>")
        rows.append("</ol>")
    body = (
        '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        "<title>{title}</title></head><body><h1>{title}</h1><p>{description}</p>"
        "<dl>{facts}</dl><h2>Materials and their licences</h2><p>{rights}</p>{rows}"
        "</body></html>\n"
    ).format(
        lang=esc(about.language or "en"),
        title=esc(line(about.title)),
        description=esc(about.description),
        facts=facts,
        rights=esc(licence_note(links)),
        rows="".join(rows),
    )
    return body.encode("utf-8")


def build_cartridge(
    about: About, links: Sequence[Link], link_format: LinkFormat = WEB_LINK
) -> bytes:
    """The ``.imscc`` file: a zip with ``imsmanifest.xml`` first. Entries carry the published
    date as their time, so the same version always gives the same bytes."""
    when = about.published or dt.date(1980, 1, 1)
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    files = [
        ("imsmanifest.xml", manifest_xml(about, links, link_format)),
        (ABOUT_FILE, attribution_html(about, links)),
    ]
    files += [
        (link_path(i, link_format), link_format.document(link)) for i, link in enumerate(links)
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
