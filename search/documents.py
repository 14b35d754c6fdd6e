"""Materials → search documents: one plain dict per active material, the same for every engine.

Licence buckets come from ``catalog.licenses.rules`` and standard codes from
``catalog.standards.selectors`` when those modules exist; until then the fallbacks below derive
what they can (the bucket from licence flags or the licence URL, no standards).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from catalog.materials.grades import K12_CODES, grade_number
from catalog.materials.models import Material, MaterialStatus

from .textparse import code_keys

log = logging.getLogger(__name__)

REMIX, SHARE, READ = "remix-and-share", "share-only", "read-only"
BUCKETS = (REMIX, SHARE, READ)

# Facet name → document field (list or single value).
FACET_FIELDS: dict[str, str] = {
    "subject": "subjects",
    "grade": "grades",
    "resource_type": "resource_types",
    "license_bucket": "license_bucket",
    "license": "license",
    "language": "language",
    "provider": "provider",
    "framework": "frameworks",
    "accessibility": "accessibility",
    "standard": "standard_keys",
}

_CC_URL = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/?(\d\.\d)?", re.I)


def _value(material: Material, name: str, default=None):
    """A field through ``effective`` (curator overrides), tolerant of fields not there yet."""
    try:
        value = material.effective(name)
    except AttributeError:
        return default
    return default if value is None else value


def _as_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v not in (None, "")]


def _license_from_raw(raw: str) -> tuple[str, str, str]:
    """(key, family, code) guessed from a CC URL when the registry has no License row."""
    m = _CC_URL.search(raw or "")
    if not m:
        return "", "", ""
    kind, code, version = m.group(1).lower(), m.group(2).lower(), m.group(3) or ""
    if kind == "publicdomain":
        return ("CC0-1.0", "cc0", "cc0") if code == "zero" else ("PDM", "pdm", "mark")
    key = f"CC-{code.upper()}" + (f"-{version}" if version else "")
    return key, "cc", code


def _fallback_bucket(family: str, code: str, no_derivatives: bool | None = None) -> str:
    if family in {"cc0", "pdm", "public-domain"}:
        return REMIX
    if family == "cc" and code:
        nd = no_derivatives if no_derivatives is not None else "nd" in code.split("-")
        return SHARE if nd else REMIX
    if family == "free-software":
        return REMIX
    return READ


def license_fields(material: Material) -> dict[str, str]:
    lic = getattr(material, "license", None)
    raw = _value(material, "license_raw", "") or ""
    if lic is not None:
        key, family, code = lic.key, lic.family, lic.code
        bucket = _fallback_bucket(family, code, lic.no_derivatives)
        try:
            from catalog.licenses import rules  # lands with the licensing issue

            bucket = rules.bucket(lic) or bucket
        except (ImportError, AttributeError):
            pass
        except Exception:  # a rule bug must not stop indexing; the fallback is conservative
            log.exception("licenses.rules.bucket failed for %s", key)
    else:
        key, family, code = _license_from_raw(raw)
        bucket = _fallback_bucket(family, code)
    return {"license": key, "license_family": family, "license_bucket": bucket}


def _standards(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    try:
        from catalog.standards import selectors  # lands with the standards issue
    except ImportError:
        return {}, {}
    codes = frameworks = {}
    try:
        codes = selectors.material_standard_codes(ids) or {}
    except AttributeError:
        pass
    try:
        frameworks = selectors.material_standard_frameworks(ids) or {}
    except AttributeError:
        pass
    return codes, frameworks


def expand_grades(lo: int | None, hi: int | None, codes: Iterable[str]) -> list[str]:
    """Every grade code in the material's range: a K-5 material is found by "grade 3"."""
    found = set(codes)
    if lo is not None and hi is not None:
        found.update(c for c in K12_CODES if lo <= (grade_number(c) or 0) <= hi)
    return sorted(found, key=lambda c: (grade_number(c) is None, grade_number(c) or 0, c))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def material_document(
    material: Material, codes: list[str] | None = None, frameworks: list[str] | None = None
) -> dict:
    title = str(_value(material, "title", "") or "")
    codes = list(codes or [])
    return {
        "id": material.pk,
        "slug": material.slug,
        "title": title,
        "sort_title": title.casefold().strip(),
        "description": str(_value(material, "description", "") or ""),
        "keywords": _as_list(_value(material, "keywords")),
        "subjects": _as_list(_value(material, "subjects")),
        "grades": expand_grades(
            _value(material, "grade_min"),
            _value(material, "grade_max"),
            _as_list(_value(material, "grades")),
        ),
        "grade_min": _value(material, "grade_min"),
        "grade_max": _value(material, "grade_max"),
        "resource_types": _as_list(_value(material, "resource_types")),
        "language": str(_value(material, "language", "") or ""),
        "provider": str(_value(material, "provider", "") or ""),
        "publisher": str(_value(material, "publisher", "") or ""),
        "authors": _as_list(_value(material, "authors")),
        "source": material.source_key,
        "standards": sorted(set(codes)),
        "standard_keys": code_keys(codes),
        "frameworks": sorted(set(frameworks or [])),
        "accessibility": _as_list(_value(material, "accessibility")),
        "date_created": _iso(_value(material, "date_created")),
        "date_modified": _iso(_value(material, "date_modified")),
        **license_fields(material),
    }


def documents_for(ids: Iterable[int] | None = None, batch: int = 1000) -> Iterator[dict]:
    """Documents of the active materials among ``ids`` (all when None), in id batches."""
    qs = Material.objects.filter(status=MaterialStatus.ACTIVE).select_related("license")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last).order_by("pk")[:batch])
        if not chunk:
            return
        pks = [m.pk for m in chunk]
        codes, frameworks = _standards(pks)
        for m in chunk:
            yield material_document(m, codes.get(m.pk), frameworks.get(m.pk))
        last = pks[-1]


def active_count() -> int:
    return Material.objects.filter(status=MaterialStatus.ACTIVE).count()
