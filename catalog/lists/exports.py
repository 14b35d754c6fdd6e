"""Exports of a published version: CSV and XLSX (the columns a state submits to districts) and
LRMI JSON-LD (schema.org ItemList of CreativeWorks). Pure functions of version rows.

Spreadsheet cells go through ``catalog.spreadsheet_cells``: titles, names and rationales come
from harvested sources and people, and must never run as formulas."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Font

from catalog import vocabulary
from catalog.licenses import rules
from catalog.spreadsheet_cells import csv_row, date_value, xlsx_append

# (header, row key or callable)
COLUMNS = [
    ("Title", "title"),
    ("Publisher", "publisher"),
    ("Authors", lambda r: "; ".join(r["authors"])),
    ("URL", "url"),
    ("Subjects", lambda r: "; ".join(vocabulary.subject_label(s) for s in r["subjects"])),
    ("Grades", lambda r: vocabulary.grade_summary(r["grades"])),
    (
        "Resource types",
        lambda r: "; ".join(vocabulary.label("resource_type", t) for t in r["resource_types"]),
    ),
    ("Language", lambda r: vocabulary.language_label(r.get("language", ""))),
    ("License", "license_name"),
    ("License URL", "license_url"),
    ("Attribution", lambda r: attribution_text(r)),
    ("Decision", lambda r: DECISION_LABELS.get(r["decision"], r["decision"])),
    ("Conditions", "conditions"),
    ("Tier", "tier"),
    ("Rubric rating (0-3)", lambda r: _number(r["rating"])),
    ("Review date", lambda r: date_value(r["review_date"])),
    ("Reviewers", lambda r: "; ".join(r["reviewers"])),
    ("Rationale", "public_rationale"),
    ("Registry ID", "material_id"),
]
DECISION_LABELS = {
    "approved": "Approved",
    "approved_conditions": "Approved with conditions",
    "not_approved": "Not approved",
}


def attribution_text(row: dict) -> str:
    """The row's TASL attribution (title, authors, source, licence), as the material page
    gives it."""
    key = row.get("license_key") or ""
    terms = rules.STANDARD_TERMS.get(key)
    if terms is None and (row.get("license_name") or key):
        terms = rules.LicenseTerms(
            key=key, name=row.get("license_name") or key, family="", uri=row.get("license_url", "")
        )
    work = rules.Work(
        title=row.get("title", ""),
        authors=tuple(a for a in row.get("authors") or () if a),
        url=row.get("url", ""),
        license=terms,
        source=row.get("publisher", ""),
        source_url=rules.site_of(row.get("url", "")),
    )
    return rules.attribution(work).text


def _number(text: str):
    """A rating as a number (a numeric spreadsheet cell); empty or unparsable text as it is."""
    try:
        return Decimal(text) if text else ""
    except InvalidOperation:
        return text


def _cells(row: dict) -> list:
    return [(key(row) if callable(key) else row.get(key, "")) for _, key in COLUMNS]


def _header_rows(page, version) -> list[list]:
    return [
        ["List", page.title],
        ["Jurisdiction", page.jurisdiction],
        ["Subject", page.subject],
        ["Grades", page.grade_band],
        ["Version", version.number],
        ["Published", version.published_at.date()],
        ["Effective", page.effective_date or ""],
        ["Expires", page.expiry_date or ""],
    ]


def export_csv(page, version, rows: list[dict]) -> str:
    """One header line and one line per entry (the list metadata is in the file name)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(h for h, _ in COLUMNS))
    for row in rows:
        writer.writerow(csv_row(_cells(row)))
    return out.getvalue()


def export_xlsx(page, version, rows: list[dict]) -> bytes:
    """Sheet "Entries" (same columns as CSV) and sheet "About" (list metadata)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Entries"
    for cell in xlsx_append(ws, [h for h, _ in COLUMNS]):
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(ws, _cells(row))
    ws.freeze_panes = "A2"
    about = wb.create_sheet("About")
    for line in _header_rows(page, version):
        xlsx_append(about, line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_jsonld(page, version, rows: list[dict], base_url: str) -> str:
    """LRMI / schema.org JSON-LD: an ItemList whose items are CreativeWorks."""
    items = []
    for position, row in enumerate(rows, start=1):
        work = {
            "@type": "CreativeWork",
            "@id": f"{base_url}/materials/{row['slug']}/",
            "name": row["title"],
            "url": row["url"],
            "description": row["description"],
            "license": row["license_url"],
            "publisher": {"@type": "Organization", "name": row["publisher"]}
            if row["publisher"]
            else None,
            "author": [{"@type": "Person", "name": a} for a in row["authors"]],
            "about": row["subjects"],
            "educationalLevel": row["grades"],
            "learningResourceType": row["resource_types"],
            "inLanguage": row["language"] or None,
            "review": {
                "@type": "Review",
                "reviewAspect": "Achieve OER rubric",
                "reviewBody": row["public_rationale"],
                "reviewRating": {"@type": "Rating", "ratingValue": row["rating"], "bestRating": 3}
                if row["rating"]
                else None,
                "additionalType": DECISION_LABELS.get(row["decision"], row["decision"]),
            },
        }
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "item": {k: v for k, v in work.items() if v not in (None, [], "")},
            }
        )
    doc = {
        "@context": {"@vocab": "https://schema.org/", "lrmi": "http://purl.org/dcx/lrmi-terms/"},
        "@type": "ItemList",
        "@id": f"{base_url}{page.url}versions/{version.number}/",
        "name": f"{page.title} (version {version.number})",
        "about": page.subject,
        "educationalLevel": page.grade_band,
        "spatialCoverage": page.jurisdiction,
        "datePublished": version.published_at.isoformat(),
        "numberOfItems": len(items),
        "itemListElement": items,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
