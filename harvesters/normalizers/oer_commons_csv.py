"""OER Commons export rows (``;``-separated CSV, HTML in text fields) → MaterialRecord."""

from __future__ import annotations

from collections.abc import Mapping

from catalog.materials.records import MaterialRecord
from catalog.materials.web_urls import UnsafeURLError, require_web_url

from .text import html_to_text, parse_datetime, split_list

REQUIRED_COLUMNS = ("URL", "NAME", "LICENSE_URL")


class RowError(ValueError):
    """A row that cannot become a material (the message says why)."""


def normalize_row(row: Mapping[str, str]) -> MaterialRecord:
    url = (row.get("URL") or "").strip()
    title = html_to_text(row.get("NAME") or "")
    if not url:
        raise RowError("the URL column is empty")
    try:
        url = require_web_url(url, field="the URL column")
    except UnsafeURLError as exc:
        raise RowError(str(exc)) from exc
    if not title:
        raise RowError("the NAME column is empty")
    license_raw = (row.get("LICENSE_URL") or "").strip() or (row.get("LICENSE_TITLE") or "").strip()
    provider = (row.get("PROVIDER") or "").strip() or (row.get("PROVIDER_SET") or "").strip()
    return MaterialRecord(
        remote_id=url,
        title=title,
        url=url,
        description=html_to_text(row.get("TEACHER_OVERVIEW") or ""),
        license_raw=license_raw,
        subjects=split_list(row.get("SUBJECTS", "")),
        grades=split_list(row.get("GRADE_SUBLEVELS", "")),
        resource_types=split_list(row.get("MATERIAL_TYPES", "")),
        educational_use=split_list(row.get("EDUCATIONAL_USE", "")),
        language=split_list(row.get("LANGUAGES", ""))[0] if row.get("LANGUAGES") else "",
        keywords=split_list(row.get("KEYWORDS", "")),
        provider=provider or "OER Commons",
        date_created=parse_datetime(row.get("CREATE_DATE", "")),
    )
