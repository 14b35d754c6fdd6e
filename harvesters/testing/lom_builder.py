"""Build IEEE LOM (1484.12.3 XML binding) OAI-PMH responses from OER Commons export rows.

Used to make the LOM test fixtures and the benchmark feed from real records: each row's
fields go where the LOM binding puts them (general, lifeCycle, technical, educational,
rights, classification by purpose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from lxml import etree
from lxml.builder import ElementMaker

OAI = "http://www.openarchives.org/OAI/2.0/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
O = ElementMaker(namespace=OAI, nsmap={None: OAI})  # noqa: E741
L = ElementMaker(namespace=LOM, nsmap={None: LOM, "xsi": XSI})


def _vocab(tag: str, value: str, source: str = "LOMv1.0"):
    return getattr(L, tag)(L.source(source), L.value(value))


def _taxon_classification(purpose: str, source: str, values: Iterable[str]):
    return L.classification(
        _vocab("purpose", purpose),
        L.taxonPath(
            L.source(L.string(source, language="en")),
            *[L.taxon(L.id(v), L.entry(L.string(v, language="en"))) for v in values],
        ),
    )


def split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(row: Mapping[str, str]) -> dict:
    """The row with characters XML 1.0 cannot carry removed (some exports contain them)."""
    return {k: _NOT_XML.sub("", v or "") for k, v in row.items()}


def lom_record(row: Mapping[str, str], identifier: str, datestamp: str):
    row = xml_safe(row)
    url = row["URL"]
    language = (split(row.get("LANGUAGES", "")) or ["en"])[0]
    general = L.general(
        L.identifier(L.catalog("URI"), L.entry(url)),
        L.title(L.string(row["NAME"], language=language)),
        L.language(language),
        L.description(L.string(row.get("TEACHER_OVERVIEW", ""), language=language)),
        *[L.keyword(L.string(k, language=language)) for k in split(row.get("KEYWORDS", ""))],
    )
    provider = row.get("PROVIDER") or row.get("PROVIDER_SET") or "OER Commons"
    card = f"BEGIN:VCARD\nVERSION:3.0\nFN:{provider}\nORG:{provider}\nEND:VCARD"
    contribute = L.contribute(_vocab("role", "publisher"), L.entity(card))
    if row.get("CREATE_DATE"):
        contribute.append(L.date(L.dateTime(row["CREATE_DATE"])))
    educational = L.educational(
        *[_vocab("intendedEndUserRole", u) for u in split(row.get("PRIMARY_USER", ""))],
        *[
            _vocab("learningResourceType", t, "OER Commons")
            for t in split(row.get("MATERIAL_TYPES", ""))
        ],
        _vocab("context", "school"),
    )
    rights = L.rights(
        _vocab("cost", "no"),
        _vocab("copyrightAndOtherRestrictions", "yes"),
        L.description(
            L.string(row.get("LICENSE_URL") or row.get("LICENSE_TITLE", ""), language="en")
        ),
    )
    lom = L.lom(
        general,
        L.lifeCycle(contribute),
        L.technical(L.location(url)),
        educational,
        rights,
    )
    lom.set(f"{{{XSI}}}schemaLocation", f"{LOM} http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd")
    if split(row.get("SUBJECTS", "")):
        lom.append(
            _taxon_classification("discipline", "OER Commons subjects", split(row["SUBJECTS"]))
        )
    if split(row.get("GRADE_SUBLEVELS", "")):
        lom.append(
            _taxon_classification(
                "educational level", "OER Commons grade sublevels", split(row["GRADE_SUBLEVELS"])
            )
        )
    return O.record(
        O.header(O.identifier(identifier), O.datestamp(datestamp)),
        O.metadata(lom),
    )


def oer_commons_identifier(url: str) -> str:
    m = re.search(r"/courseware/(\w+)/(\d+)", url) or re.search(r"/(\d+)(?:/|$)", url)
    key = "-".join(m.groups()) if m else re.sub(r"\W+", "-", url)[-60:]
    return f"oai:oercommons.org:{key}"


def list_records_page(
    records: list,
    *,
    response_date: str,
    token: str | None = None,
    complete_list_size: int | None = None,
    cursor: int = 0,
    prefix: str = "lom",
) -> bytes:
    body = O.ListRecords(*records)
    if token is not None:
        attrs = {"cursor": str(cursor)}
        if complete_list_size is not None:
            attrs["completeListSize"] = str(complete_list_size)
        body.append(O.resumptionToken(token, **attrs))
    root = O("OAI-PMH", O.responseDate(response_date), O.request("", verb="ListRecords"), body)
    root[1].set("metadataPrefix", prefix)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def deleted_record(identifier: str, datestamp: str):
    return O.record(O.header(O.identifier(identifier), O.datestamp(datestamp), status="deleted"))
