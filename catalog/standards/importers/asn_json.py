"""ASN JSON, both shapes found in the ASN exports:

- RDF/JSON (``raw-asn-full/*.json``): ``{subject: {predicate: [{"value": …}]}}``;
- the D2L-style tree (``asn-manifest/*.json``, ``MD-highschool-learning.json``): a list of
  statements with nested ``children``. A tree carries no document record, so the framework's
  identity is the file name unless the caller names it.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from .asn_graph import CCSS_DOCUMENTS, RDF_TYPE, Graph, parse_graph
from .base import ParsedFramework, ParsedItem, StandardsImportError, last_segment, text

GRAPH_FORMAT = "asn-json"
TREE_FORMAT = "asn-tree"


def looks_like_graph(data) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    return any(isinstance(n, dict) and RDF_TYPE in n for n in data.values())


def looks_like_tree(data) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and "id" in data[0]
        and ("text" in data[0] or "children" in data[0])
    )


def parse_rdf_json(data: dict, source: str) -> ParsedFramework:
    graph: Graph = {}
    for subject, node in data.items():
        if not isinstance(node, dict):
            raise StandardsImportError(source, "not an RDF/JSON node", subject)
        graph[subject] = {
            predicate: [str(v.get("value", "")) for v in values if isinstance(v, dict)]
            for predicate, values in node.items()
            if isinstance(values, list)
        }
    return parse_graph(graph, source, GRAPH_FORMAT)


def _tree_code(node: dict) -> str:
    return text(node.get("asn_statementNotation") or node.get("statementNotation"))


def parse_tree(data: list, source: str, identifier: str = "", title: str = "") -> ParsedFramework:
    stem = PurePosixPath(source.replace("\\", "/")).stem
    framework = ParsedFramework(
        identifier=identifier or f"asn-tree:{stem}",
        title=title or stem,
        source_format=TREE_FORMAT,
    )
    lowered = stem.lower()
    if lowered.startswith("cc-"):
        framework.ccss_subject = "math" if "math" in lowered else "ela"
        framework.jurisdiction = "CCSS"
    seen: set[str] = set()
    subjects: set[str] = set()
    stack = [(node, "", i) for i, node in reversed(list(enumerate(data)))]
    path: dict[str, str] = {}
    while stack:
        node, parent, index = stack.pop()
        if not isinstance(node, dict):
            framework.warnings.append(f"a child of {parent or 'the root'} is not an object")
            continue
        ident = text(node.get("id"))
        if not ident:
            label = text(node.get("text"))[:60] or f"child {index} of {parent or 'the root'}"
            raise StandardsImportError(source, "statement has no id", label)
        if ident in seen:
            raise StandardsImportError(source, "duplicate statement id", ident)
        if parent and ident in path.get(parent, "").split(" "):
            raise StandardsImportError(source, "statement is its own ancestor", ident)
        seen.add(ident)
        path[ident] = f"{path.get(parent, '')} {ident}".strip()
        subject = node.get("dcterms_subject")
        if subject:
            subjects.add(text(subject.get("prefLabel") if isinstance(subject, dict) else subject))
        levels = node.get("dcterms_educationLevel") or []
        if isinstance(levels, dict):
            levels = [levels]
        framework.items.append(
            ParsedItem(
                identifier=ident,
                statement=html.unescape(text(node.get("text") or node.get("dcterms_description"))),
                uri=text(node.get("asn_identifier")),
                human_coding_scheme=_tree_code(node)[:200],
                item_type=text(node.get("asn_statementLabel"))[:100],
                education_levels=[
                    text(v.get("prefLabel")) or last_segment(text(v.get("uri")))
                    for v in levels
                    if isinstance(v, dict)
                ],
                list_enumeration=text(node.get("asn_listID"))[:50],
                parent=parent,
                position=index,
            )
        )
        children = node.get("children") or []
        if not isinstance(children, list):
            framework.warnings.append(f"item {ident}: children is not a list")
            continue
        stack.extend((child, ident, i) for i, child in reversed(list(enumerate(children))))
    framework.subject = ", ".join(sorted(s for s in subjects if s))
    return framework


__all__ = ["CCSS_DOCUMENTS", "parse_rdf_json", "parse_tree", "looks_like_graph"]
