"""A source record's harvested values: as stored per source (JSON-safe) and as written on
the Material, with licenses resolved once per batch."""

from __future__ import annotations

from datetime import datetime

from catalog.licenses.resolver import resolve as resolve_license

from ..grades import grade_range, parse_grades
from ..models import HARVESTED_FIELDS
from ..records import MaterialRecord

DATE_FIELDS = ("date_created", "date_modified")
# The Material columns a harvest writes: the harvested fields and the grade range.
WRITTEN_FIELDS = (*HARVESTED_FIELDS, "grade_min", "grade_max")


def harvested_values(record: MaterialRecord) -> dict:
    """The record as JSON-safe field values (dates as ISO strings), as stored per source."""
    grades = parse_grades(record.grades)
    lo, hi = grade_range(grades)
    return {
        "title": record.title[:500],
        "description": record.description,
        "url": record.url[:1000],
        "license_raw": record.license_raw[:500],
        "subjects": list(record.subjects),
        "grades": grades,
        "resource_types": list(record.resource_types),
        "educational_use": list(record.educational_use),
        "language": record.language[:20],
        "keywords": list(record.keywords),
        "authors": list(record.authors),
        "publisher": record.publisher[:300],
        "provider": record.provider[:300],
        "date_created": record.date_created.isoformat() if record.date_created else None,
        "date_modified": record.date_modified.isoformat() if record.date_modified else None,
        "accessibility": list(record.accessibility),
        "grade_min": lo,
        "grade_max": hi,
    }


def model_value(name: str, value):
    """A stored value as the model field holds it (ISO date strings back to datetimes)."""
    if name in DATE_FIELDS and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


class LicenseCache(dict):
    """license_raw → License, resolved once per batch (the resolver queries the registry)."""

    def get_license(self, raw: str):
        if raw not in self:
            self[raw] = resolve_license(raw).license
        return self[raw]
