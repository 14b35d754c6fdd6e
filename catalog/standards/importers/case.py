"""CASE CFPackage JSON (IMS/1EdTech CASE 1.0) → ParsedFramework.

Tolerant of the pre-1.0 OpenSALT sample: ``educationalLevel`` (a string) for
``educationLevel`` (a list), ``subjectURL`` for ``subjectURI``, node references given either as
``originNodeIdentifier`` or inside ``originNodeURI``, and ``CFDocumentURI`` / ``CFPackageURI``
as strings or link objects. Tree edges (``isChildOf``) become item parents; every other
association type is kept as an association.
"""

from __future__ import annotations

from .base import ParsedAssociation, ParsedFramework, ParsedItem, StandardsImportError, text

FORMAT = "case"
ASSOCIATION_TYPES = {
    "isChildOf",
    "exactMatchOf",
    "isRelatedTo",
    "isPeerOf",
    "isPartOf",
    "precedes",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
}


def looks_like(data) -> bool:
    return isinstance(data, dict) and ("CFDocument" in data or "CFPackage" in data)


def _node_ref(assoc: dict, end: str) -> str:
    link = assoc.get(f"{end}NodeURI")
    ident = assoc.get(f"{end}NodeIdentifier")
    if isinstance(link, dict):
        return text(link.get("identifier")) or text(ident) or text(link.get("uri"))
    return text(ident) or text(link)


def _levels(item: dict) -> list[str]:
    raw = item.get("educationLevel", item.get("educationalLevel"))
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.split(",")
    return [str(v).strip() for v in raw if str(v).strip()]


def _subject(doc: dict) -> str:
    subject = doc.get("subject")
    if subject:
        return text(subject)
    return text(doc.get("subjectURI") or doc.get("subjectURL"))


def parse(data, source: str) -> ParsedFramework:
    if "CFPackage" in data and "CFDocument" not in data:
        data = data["CFPackage"]
    doc = data.get("CFDocument")
    if not isinstance(doc, dict) or not text(doc.get("identifier")):
        raise StandardsImportError(source, "CFDocument has no identifier")
    doc_id = text(doc["identifier"])
    license_ = doc.get("licenseURI") or doc.get("license")
    framework = ParsedFramework(
        identifier=doc_id,
        title=text(doc.get("title")) or doc_id,
        source_format=FORMAT,
        uri=text(doc.get("uri")),
        creator=text(doc.get("creator")),
        publisher=text(doc.get("publisher")),
        jurisdiction=text(doc.get("jurisdiction")),
        subject=_subject(doc),
        version=text(doc.get("version")),
        adoption_status=text(doc.get("adoptionStatus")),
        license=text(license_.get("uri") if isinstance(license_, dict) else license_),
        description=text(doc.get("description") or doc.get("notes")),
    )
    title = framework.title.lower()
    if "common core" in title:
        framework.ccss_subject = "math" if "math" in title else "ela"
        framework.jurisdiction = framework.jurisdiction or "CCSS"

    items = data.get("CFItems") or []
    if not isinstance(items, list):
        raise StandardsImportError(source, "CFItems is not a list")
    by_id: dict[str, ParsedItem] = {}
    for index, raw in enumerate(items):
        if not isinstance(raw, dict):
            framework.warnings.append(f"CFItems[{index}] is not an object")
            continue
        ident = text(raw.get("identifier"))
        if not ident:
            label = text(raw.get("humanCodingScheme")) or f"CFItems[{index}]"
            raise StandardsImportError(source, "CFItem has no identifier", label)
        if ident in by_id:
            raise StandardsImportError(source, "duplicate CFItem identifier", ident)
        item_type = raw.get("CFItemType") or raw.get("CFItemTypeURI")
        by_id[ident] = ParsedItem(
            identifier=ident,
            statement=text(raw.get("fullStatement")),
            uri=text(raw.get("uri")),
            human_coding_scheme=text(raw.get("humanCodingScheme")),
            abbreviated_statement=text(raw.get("abbreviatedStatement"))[:500],
            item_type=text(item_type)[:100],
            education_levels=_levels(raw),
            list_enumeration=text(raw.get("listEnumeration"))[:50],
            position=index,
        )
    framework.items = list(by_id.values())

    seen: set[str] = set()
    for index, raw in enumerate(data.get("CFAssociations") or []):
        if not isinstance(raw, dict):
            framework.warnings.append(f"CFAssociations[{index}] is not an object")
            continue
        kind = text(raw.get("associationType"))
        origin, destination = _node_ref(raw, "origin"), _node_ref(raw, "destination")
        ident = text(raw.get("identifier")) or f"{origin} {kind} {destination}"
        if kind not in ASSOCIATION_TYPES or not origin or not destination:
            framework.warnings.append(f"association {ident}: unreadable ({kind or 'no type'})")
            continue
        if ident in seen:
            raise StandardsImportError(source, "duplicate CFAssociation identifier", ident)
        seen.add(ident)
        sequence = raw.get("sequenceNumber")
        if kind == "isChildOf" and origin in by_id:
            child = by_id[origin]
            if destination == doc_id or destination not in by_id:
                if destination != doc_id:
                    framework.warnings.append(f"item {origin}: parent {destination} not in file")
                continue
            if child.parent and child.parent != destination:
                framework.warnings.append(f"item {origin}: second parent {destination} ignored")
                continue
            child.parent = destination
            if isinstance(sequence, int):
                child.position = sequence
            continue
        framework.associations.append(
            ParsedAssociation(
                identifier=ident,
                association_type=kind,
                origin=origin,
                destination=destination,
                sequence_number=sequence if isinstance(sequence, int) else None,
            )
        )
    return framework
