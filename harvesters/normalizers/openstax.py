"""OpenStax CMS API (``/apps/cms/api/v2/pages/`` book items and book details) → MaterialRecord.
Pure; the built-in mapping of the JSON API source type."""

from __future__ import annotations

import json

from catalog.materials.records import MaterialRecord

from .errors import NormalizeError, record_url
from .identifiers import identifier_keys
from .text import html_to_text, parse_datetime

ISBN_FIELDS = (
    "print_isbn_13",
    "print_isbn_10",
    "digital_isbn_13",
    "digital_isbn_10",
    "print_softcover_isbn_13",
    "ibook_isbn_13",
)


def remote_id(item: dict) -> str:
    meta = item.get("meta") or {}
    return str(meta.get("slug") or item.get("slug") or item.get("id") or "")


def normalize(payload: bytes) -> MaterialRecord:
    try:
        item = json.loads(payload)
    except ValueError as exc:
        raise NormalizeError(f"not JSON: {exc}") from exc
    meta = item.get("meta") or {}
    title = html_to_text(item.get("title") or "")
    rid = remote_id(item)
    if not title or not rid:
        raise NormalizeError("an OpenStax book needs a title and a slug or id")
    url = meta.get("html_url") or ""
    if meta.get("slug") and (not url or "dev.openstax.org" in url):
        url = f"https://openstax.org/details/books/{meta['slug']}"
    url = record_url(url)
    authors = [
        (a.get("value") or {}).get("name", "")
        for a in item.get("authors") or []
        if isinstance(a, dict) and a.get("type") in (None, "author")
    ]
    isbns = [f"isbn:{item[f]}" for f in ISBN_FIELDS if item.get(f)]
    return MaterialRecord(
        remote_id=rid,
        title=title,
        url=url,
        description=html_to_text(item.get("description") or ""),
        license_raw=item.get("license_url") or item.get("license_name") or "",
        subjects=tuple(
            s["subject_name"] for s in item.get("book_subjects") or [] if s.get("subject_name")
        ),
        grades=("higher-education",) if not item.get("is_ap") else ("high-school",),
        resource_types=("Textbook",),
        language=meta.get("locale") or "en",
        authors=tuple(a for a in dict.fromkeys(authors) if a),
        publisher="OpenStax",
        provider="OpenStax",
        date_created=parse_datetime(
            item.get("publish_date") or meta.get("first_published_at") or ""
        ),
        identifiers=identifier_keys(isbns),
    )
