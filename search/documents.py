"""Materials → search documents: one plain dict per active material, the same for every engine.

Licence buckets come from ``catalog.licenses.rules`` and standard codes from
``catalog.standards.selectors`` when those modules exist; until then the fallbacks below derive
what they can (the bucket from licence flags or the licence URL, no standards). Approved-list
membership comes from ``catalog.lists.membership`` (the latest version of each live list).

``documents_for`` reads plain rows, not model instances, and batches standards and licences per
chunk: it yields exactly what ``material_document`` builds from a Material, several times faster.
"""

from __future__ import annotations

import functools
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
    # Published approved lists (catalog.lists) the material is on: "<jurisdiction>:<slug>".
    "approved_list": "approved_lists",
    "approved_jurisdiction": "approved_jurisdictions",
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


def _license_info(lic, raw: str) -> dict[str, str]:
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


def license_fields(material: Material) -> dict[str, str]:
    raw = _value(material, "license_raw", "") or ""
    return _license_info(getattr(material, "license", None), raw)


def _standards(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    try:
        from catalog.standards import selectors  # lands with the standards issue
        from catalog.standards.models import Alignment
    except ImportError:
        return {}, {}
    if not ids:
        return {}, {}
    # Most materials have no alignment: find those that do with one range query (cheap, where
    # a thousand-id IN list is not) and ask the selectors about those only.
    in_range = Alignment.objects.filter(material_id__gte=min(ids), material_id__lte=max(ids))
    aligned = sorted(set(in_range.values_list("material_id", flat=True)) & set(ids))
    if not aligned:
        return {}, {}
    codes = frameworks = {}
    try:
        codes = selectors.material_standard_codes(aligned) or {}
    except AttributeError:
        pass
    try:
        frameworks = selectors.material_standard_frameworks(aligned) or {}
    except AttributeError:
        pass
    return codes, frameworks


def _memberships(ids: Iterable[int] | None) -> dict[int, list]:
    """Material id → the published approved lists it is on (catalog.lists)."""
    try:
        from catalog.lists.membership import memberships
    except ImportError:
        return {}
    return memberships(ids)


def list_fields(lists) -> dict[str, list[str]]:
    if not lists:
        return {"approved_lists": [], "approved_jurisdictions": []}
    return {
        "approved_lists": sorted({p.key for p in lists}),
        "approved_jurisdictions": sorted({p.jurisdiction for p in lists}),
    }


def expand_grades(lo: int | None, hi: int | None, codes: Iterable[str]) -> list[str]:
    """Every grade code in the material's range: a K-5 material is found by "grade 3"."""
    return list(_expand_grades(lo, hi, tuple(codes)))


def _grade_order(code: str) -> tuple:
    n = grade_number(code)
    return (n is None, n or 0, code)


@functools.lru_cache(maxsize=4096)
def _expand_grades(lo, hi, codes: tuple[str, ...]) -> tuple[str, ...]:
    found = set(codes)
    if lo is not None and hi is not None:
        found.update(c for c in K12_CODES if lo <= (grade_number(c) or 0) <= hi)
    return tuple(sorted(found, key=_grade_order))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _document(get, pk: int, slug: str, source_key: str, license: dict, codes, frameworks, lists):
    """The document from ``get(name)``, a material's effective value of a field (or None)."""
    title = str(get("title") or "")
    codes = list(codes or [])
    grade_min, grade_max = get("grade_min"), get("grade_max")
    return {
        "id": pk,
        "slug": slug,
        "title": title,
        "sort_title": title.casefold().strip(),
        "description": str(get("description") or ""),
        "keywords": _as_list(get("keywords")),
        "subjects": _as_list(get("subjects")),
        "grades": expand_grades(grade_min, grade_max, _as_list(get("grades"))),
        "grade_min": grade_min,
        "grade_max": grade_max,
        "resource_types": _as_list(get("resource_types")),
        "language": str(get("language") or ""),
        "provider": str(get("provider") or ""),
        "publisher": str(get("publisher") or ""),
        "authors": _as_list(get("authors")),
        "source": source_key,
        "standards": sorted(set(codes)),
        "standard_keys": code_keys(codes),
        "frameworks": sorted(set(frameworks or [])),
        "accessibility": _as_list(get("accessibility")),
        "date_created": _iso(get("date_created")),
        "date_modified": _iso(get("date_modified")),
        **license,
        **list_fields(lists),
    }


def material_document(
    material: Material,
    codes: list[str] | None = None,
    frameworks: list[str] | None = None,
    lists=None,
) -> dict:
    """The document of one material; ``lists``: the published lists it is on (memberships)."""
    return _document(
        lambda name: _value(material, name),
        material.pk,
        material.slug,
        material.source_key,
        license_fields(material),
        codes,
        frameworks,
        lists,
    )


# Columns the lean path reads: what ``material_document`` reads through ``effective``.
_EFFECTIVE = (
    "title",
    "description",
    "keywords",
    "subjects",
    "grade_min",
    "grade_max",
    "grades",
    "resource_types",
    "language",
    "provider",
    "publisher",
    "authors",
    "accessibility",
    "date_created",
    "date_modified",
    "license_raw",
)
_COLUMNS = ("pk", "slug", "source_key", "license_id", "overrides", *_EFFECTIVE)


class _LicenseFields(dict):
    """(license id, raw string) → license fields, each computed once per ``documents_for``.

    With a License row the raw string does not matter, so the key drops it.
    """

    def __missing__(self, key):
        from catalog.licenses.models import License

        license_id, raw = key
        lic = License.objects.filter(pk=license_id).first() if license_id else None
        self[key] = fields = _license_info(lic, raw)
        return fields

    def load(self, license_ids) -> None:
        """Compute the fields of these licenses not seen yet, in one query."""
        from catalog.licenses.models import License

        wanted = {i for i in license_ids if i and (i, "") not in self}
        for lic in License.objects.filter(pk__in=wanted) if wanted else ():
            self[(lic.pk, "")] = _license_info(lic, "")

    def of(self, license_id, raw: str) -> dict[str, str]:
        return self[(license_id, "") if license_id else (None, raw)]


def documents_for(ids: Iterable[int] | None = None, batch: int = 1000) -> Iterator[dict]:
    """Documents of the active materials among ``ids`` (all when None), in id batches.

    Reads plain rows (no model instances) and applies curator overrides as
    ``Material.effective`` does: the same documents as ``material_document``, much faster.
    """
    qs = Material.objects.filter(status=MaterialStatus.ACTIVE)
    if ids is not None:
        ids = sorted({int(i) for i in ids})
        if not ids:
            return
    lists = _memberships(ids)
    licenses = _LicenseFields()
    last, position = 0, 0
    while True:
        if ids is None:
            chunk_qs = qs.filter(pk__gt=last)
        else:
            wanted = ids[position : position + batch]
            if not wanted:
                return
            position += batch
            chunk_qs = qs.filter(pk__in=wanted)
        rows = list(chunk_qs.order_by("pk").values_list(*_COLUMNS)[:batch])
        if not rows:
            if ids is None:
                return
            continue
        pks = [r[0] for r in rows]
        codes, frameworks = _standards(pks)
        licenses.load(r[3] for r in rows)
        for row in rows:
            pk, slug, source_key, license_id, overrides = row[:5]
            values = dict(zip(_EFFECTIVE, row[5:], strict=True))
            if overrides:
                values.update(overrides)
            yield _document(
                values.get,
                pk,
                slug,
                source_key,
                licenses.of(license_id, values["license_raw"] or ""),
                codes.get(pk),
                frameworks.get(pk),
                lists.get(pk),
            )
        last = pks[-1]


def active_count() -> int:
    return Material.objects.filter(status=MaterialStatus.ACTIVE).count()
