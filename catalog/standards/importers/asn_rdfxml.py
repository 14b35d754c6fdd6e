"""ASN RDF/XML (``asn-ngss-ccss-rdfxml-phet/*.xml``) → the graph ``asn_graph`` parses.

Parsed with lxml hardened as defusedxml would: no entity expansion, no network, no DTD
loading. Only the RDF/XML subset ASN exports use is read: typed node elements with
``rdf:about``, property elements holding ``rdf:resource`` or a literal.
"""

from __future__ import annotations

from lxml import etree

from .asn_graph import RDF_TYPE, Graph, parse_graph
from .base import ParsedFramework, StandardsImportError

FORMAT = "asn-rdfxml"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _name(tag: str) -> str:
    namespace, _, local = tag[1:].partition("}")
    return namespace + local


def to_graph(content: bytes, source: str) -> Graph:
    try:
        root = etree.fromstring(content, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise StandardsImportError(source, f"not well-formed XML: {exc}") from exc
    if root.tag != f"{{{RDF}}}RDF":
        raise StandardsImportError(source, "root element is not rdf:RDF")
    graph: Graph = {}
    for node in root:
        if not isinstance(node.tag, str):
            continue  # comments, processing instructions
        subject = node.get(f"{{{RDF}}}about")
        if not subject:
            raise StandardsImportError(source, f"{etree.QName(node).localname} has no rdf:about")
        props = graph.setdefault(subject, {})
        if node.tag != f"{{{RDF}}}Description":
            props.setdefault(RDF_TYPE, []).append(_name(node.tag))
        for prop in node:
            if not isinstance(prop.tag, str):
                continue
            value = prop.get(f"{{{RDF}}}resource")
            if value is None:
                value = (prop.text or "").strip()
            props.setdefault(_name(prop.tag), []).append(value)
    return graph


def parse(content: bytes, source: str) -> ParsedFramework:
    return parse_graph(to_graph(content, source), source, FORMAT)
