"""Exports: a collection as CSV and as LRMI JSON-LD (schema.org ItemList of LearningResources),
an adaptation as LRMI JSON-LD with ``isBasedOn``. Pure functions of already-loaded objects."""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings

from catalog import vocabulary
from catalog.licenses import rules
from catalog.materials.models import Material
from catalog.spreadsheet_cells import csv_row

from .licensing import _author_name

CSV_COLUMNS = (
    "position",
    "title",
    "registry_url",
    "source_url",
    "license",
    "license_url",
    "grades",
    "subjects",
    "attribution",
    "note",
)


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _license_url(material: Material) -> str:
    lic = material.license
    return (lic.uri or lic.deed_url) if lic else ""


def collection_csv(collection) -> str:
    """One row per item, in order; spreadsheet-safe (formula-like text is quote-prefixed, see
    ``catalog.spreadsheet_cells``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(CSV_COLUMNS))
    for item in collection.items.all():
        m = item.material
        writer.writerow(
            csv_row(
                (
                    item.position,
                    m.effective("title"),
                    absolute(m.get_absolute_url()),
                    m.effective("url"),
                    str(m.license) if m.license else m.license_raw,
                    _license_url(m),
                    vocabulary.grade_summary(m.effective("grades") or []),
                    "; ".join(vocabulary.subject_label(s) for s in m.effective("subjects") or []),
                    rules.attribution(rules.Work.from_material(m)).text,
                    item.note,
                )
            )
        )
    return out.getvalue()


def material_lrmi(material: Material) -> dict:
    """A material as an LRMI LearningResource."""
    data = {
        "@type": "LearningResource",
        "@id": absolute(material.get_absolute_url()),
        "name": material.effective("title"),
        "url": material.effective("url") or absolute(material.get_absolute_url()),
    }
    if material.effective("description"):
        data["description"] = material.effective("description")
    if _license_url(material):
        data["license"] = _license_url(material)
    if material.effective("grades"):
        data["educationalLevel"] = list(material.effective("grades"))
    if material.effective("subjects"):
        data["about"] = list(material.effective("subjects"))
    if material.effective("resource_types"):
        data["learningResourceType"] = list(material.effective("resource_types"))
    if material.language:
        data["inLanguage"] = material.language
    authors = material.effective("authors") or []
    if authors:
        data["author"] = [{"@type": "Person", "name": a} for a in authors]
    return data


def collection_jsonld(collection) -> dict:
    items = list(collection.items.all())
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": absolute(collection.get_absolute_url()),
        "name": collection.title,
        "description": collection.description,
        "numberOfItems": len(items),
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": item.position,
                **({"description": item.note} if item.note else {}),
                "item": material_lrmi(item.material),
            }
            for item in items
        ],
    }


def based_on(sources) -> list[dict]:
    """``isBasedOn`` entries for source materials."""
    return [material_lrmi(m) for m in sources]


def adaptation_jsonld(adaptation) -> dict:
    """An adaptation as an LRMI LearningResource with its sources in ``isBasedOn``."""
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": absolute(adaptation.get_absolute_url()),
        "name": adaptation.title,
        "description": adaptation.description,
        "author": [{"@type": "Person", "name": _author_name(adaptation.owner)}],
        "isBasedOn": based_on(s.material for s in adaptation.sources.all()),
    }
    if adaptation.license:
        data["license"] = adaptation.license.uri or adaptation.license.deed_url
    if adaptation.grades:
        data["educationalLevel"] = list(adaptation.grades)
    if adaptation.alignments:
        data["educationalAlignment"] = [
            {
                "@type": "AlignmentObject",
                "alignmentType": e.get("alignment_type", "teaches"),
                "targetName": e["target"],
            }
            for e in adaptation.alignments
        ]
    if adaptation.published_material_id:
        data["sameAs"] = absolute(adaptation.published_material.get_absolute_url())
    return data


def script_safe_json(data: dict) -> str:
    """JSON to embed in ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&`` that
    could close the script element (titles are teacher-written)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
