"""LRMI / schema.org JSON-LD object (stored as JSON) → MaterialRecord. Pure.

Keys are read by their local name (``schema:name`` and ``name`` alike); the context is never
fetched. Reads name, description, url, license, learningResourceType, educationalLevel,
educationalAlignment (grade levels → grades; other alignments → AlignmentRef), audience,
educationalUse, inLanguage, keywords, author/creator, publisher, dates, about, identifier
and the accessibility properties.
"""

from __future__ import annotations

import json

from catalog.materials.records import AlignmentRef, MaterialRecord

from .errors import NormalizeError, record_url
from .identifiers import identifier_keys
from .text import html_to_text, parse_datetime

ACCESSIBILITY = (
    "accessibilityFeature",
    "accessibilityHazard",
    "accessibilityControl",
    "accessibilityAPI",
    "accessMode",
    "accessModeSufficient",
    "accessibilitySummary",
)
LEVEL_ALIGNMENTS = {"educational level", "educationallevel", "educationalLevel".lower()}


def local(obj):
    """Strip prefixes from keys (``schema:name`` → ``name``), recursively."""
    if isinstance(obj, dict):
        return {
            k.rsplit(":", 1)[-1] if not k.startswith("@") else k: local(v) for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [local(v) for v in obj]
    return obj


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str:
    """A plain value, a {"@value"}, a {"@id"}, or a named thing's name."""
    if isinstance(value, dict):
        for key in ("@value", "name", "targetName", "@id", "url", "termCode"):
            if value.get(key):
                return _text(value[key])
        return ""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return str(value).strip() if value is not None else ""


def _texts(value) -> tuple[str, ...]:
    out = []
    for item in _list(value):
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def normalize_object(obj: dict) -> MaterialRecord:
    obj = local(obj)
    name = html_to_text(_text(obj.get("name")))
    url = _text(obj.get("url"))
    remote_id = _text(obj.get("@id")) or url
    if not name:
        raise NormalizeError("no name")
    if not remote_id:
        raise NormalizeError("no @id or url")
    url = record_url(url)
    grades, alignments = list(_texts(obj.get("educationalLevel"))), []
    for alignment in _list(obj.get("educationalAlignment")) + _list(obj.get("AlignmentObject")):
        if not isinstance(alignment, dict):
            continue
        kind = _text(alignment.get("alignmentType"))
        target = _text(alignment.get("targetName")) or _text(alignment.get("targetUrl"))
        if not target:
            continue
        if kind.lower() in LEVEL_ALIGNMENTS:
            grades.append(target)
        else:
            alignments.append(
                AlignmentRef(
                    target=target,
                    alignment_type=kind or "teaches",
                    framework=_text(alignment.get("educationalFramework")),
                )
            )
    keywords = obj.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    accessibility = [f"{prop}:{value}" for prop in ACCESSIBILITY for value in _texts(obj.get(prop))]
    roles = [
        _text(a.get("educationalRole")) for a in _list(obj.get("audience")) if isinstance(a, dict)
    ]
    dates = [
        d
        for d in (parse_datetime(_text(obj.get(k))) for k in ("dateCreated", "datePublished"))
        if d
    ]
    languages = _texts(obj.get("inLanguage"))
    return MaterialRecord(
        remote_id=remote_id,
        title=name,
        url=url,
        description=html_to_text(_text(obj.get("description"))),
        license_raw=_text(obj.get("license")) or _text(obj.get("useRightsUrl")),
        subjects=_texts(obj.get("about")),
        grades=tuple(dict.fromkeys(grades)),
        resource_types=_texts(obj.get("learningResourceType")),
        educational_use=tuple(
            dict.fromkeys([*_texts(obj.get("educationalUse")), *filter(None, roles)])
        ),
        language=languages[0] if languages else "",
        keywords=_texts(keywords),
        authors=_texts(obj.get("author")) or _texts(obj.get("creator")),
        publisher=_text(obj.get("publisher")),
        date_created=min(dates) if dates else None,
        date_modified=parse_datetime(_text(obj.get("dateModified"))),
        accessibility=tuple(accessibility),
        identifiers=identifier_keys([*_texts(obj.get("identifier")), *_texts(obj.get("isbn"))]),
        alignments=tuple(alignments),
    )


def normalize(payload: bytes) -> MaterialRecord:
    try:
        obj = json.loads(payload)
    except ValueError as exc:
        raise NormalizeError(f"not JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise NormalizeError("a JSON-LD node must be an object")
    return normalize_object(obj)
