"""ASN standards documents as an RDF graph → ParsedFramework.

Both ASN serialisations end here: RDF/JSON (``asn_json``) and RDF/XML (``asn_rdfxml``) are
turned into the same ``{subject: {predicate: [value, …]}}`` dict first. The tree comes from
``gemq:isChildOf`` or, when absent, from the parents' ordered ``gemq:hasChild`` lists;
``asn:alignTo`` becomes an ``alignTo`` association (NGSS → Common Core).
"""

from __future__ import annotations

import html

from ..codes import asn_id
from .base import ParsedAssociation, ParsedFramework, ParsedItem, StandardsImportError, last_segment

Graph = dict[str, dict[str, list[str]]]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ASN = "http://purl.org/ASN/schema/core/"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
GEMQ = "http://purl.org/gem/qualifiers/"
CC_LICENSE = "http://creativecommons.org/ns#license"

# ASN documents known to publish the Common Core: their items get CCSS keys.
CCSS_DOCUMENTS = {"D10003FB": "math", "D10003FC": "ela", "D2604890": "ela"}


def _one(node: dict, predicate: str) -> str:
    values = node.get(predicate) or []
    return html.unescape(values[0]).strip() if values else ""


def _ccss_subject(doc_uri: str, title: str, subject: str) -> str:
    known = CCSS_DOCUMENTS.get(asn_id(doc_uri))
    if known:
        return known
    if "common core" in title.lower():
        return "math" if "math" in (title + subject).lower() else "ela"
    return ""


def parse_graph(graph: Graph, source: str, source_format: str) -> ParsedFramework:
    docs = [s for s, n in graph.items() if ASN + "StandardDocument" in n.get(RDF_TYPE, [])]
    if len(docs) != 1:
        raise StandardsImportError(source, f"expected one asn:StandardDocument, found {len(docs)}")
    doc_uri = docs[0]
    doc = graph[doc_uri]
    license_ = next((n[CC_LICENSE][0] for n in graph.values() if n.get(CC_LICENSE)), "")
    title = _one(doc, DC + "title") or doc_uri
    subjects = [last_segment(v) for v in doc.get(DCT + "subject", [])]
    framework = ParsedFramework(
        identifier=doc_uri,
        title=title,
        source_format=source_format,
        uri=_one(doc, ASN + "identifier") or doc_uri,
        creator=_one(doc, DC + "creator") or _one(doc, DCT + "creator"),
        publisher=_one(doc, DC + "publisher"),
        jurisdiction=last_segment(_one(doc, ASN + "jurisdiction")),
        subject=", ".join(subjects),
        version=_one(doc, DCT + "valid"),
        adoption_status=last_segment(_one(doc, ASN + "publicationStatus")),
        license=license_,
        description=_one(doc, DCT + "description"),
    )
    framework.ccss_subject = _ccss_subject(doc_uri, title, framework.subject)

    statements = [s for s, n in graph.items() if ASN + "Statement" in n.get(RDF_TYPE, [])]
    members = set(statements)
    # Parents from hasChild (ordered) first; an explicit isChildOf wins.
    parent_of: dict[str, str] = {}
    position: dict[str, int] = {}
    for subject, node in graph.items():
        for index, child in enumerate(node.get(GEMQ + "hasChild", [])):
            if child in members:
                parent_of.setdefault(child, subject)
                position.setdefault(child, index)
    for subject in statements:
        explicit = graph[subject].get(GEMQ + "isChildOf")
        if explicit:
            parent_of[subject] = explicit[0]

    for order, subject in enumerate(statements):
        node = graph[subject]
        parent = parent_of.get(subject, "")
        if parent and parent != doc_uri and parent not in members:
            framework.warnings.append(f"item {subject}: parent {parent} not in file")
            parent = ""
        if parent == doc_uri:
            parent = ""
        framework.items.append(
            ParsedItem(
                identifier=subject,
                statement=_one(node, DCT + "description"),
                uri=_one(node, ASN + "identifier"),
                human_coding_scheme=_one(node, ASN + "statementNotation")[:200],
                item_type=_one(node, ASN + "statementLabel")[:100],
                education_levels=[last_segment(v) for v in node.get(DCT + "educationLevel", [])],
                list_enumeration=_one(node, ASN + "listID")[:50],
                parent=parent,
                position=position.get(subject, order),
            )
        )
        for index, target in enumerate(node.get(ASN + "alignTo", [])):
            framework.associations.append(
                ParsedAssociation(
                    identifier=f"{subject}#alignTo#{index}",
                    association_type="alignTo",
                    origin=subject,
                    destination=target,
                    sequence_number=index,
                )
            )
    return framework
