"""Materials → search documents: one plain dict per active material, the same for every engine.

Licence buckets come from ``catalog.licenses.rules``, standard codes from
``catalog.standards.selectors`` and approved-list membership from ``catalog.lists.membership``
(the latest version of each live list). A material without a License row (its licence string
did not resolve) is indexed as it is in the catalog: no licence, read-only.

``documents_for`` reads plain rows, not model instances, and batches standards and licences per
chunk: it yields exactly what ``material_document`` builds from a Material, several times faster.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from catalog.licenses import rules
from catalog.licenses.models import License
from catalog.lists.membership import memberships
from catalog.materials.grades import K12_CODES, grade_number
from catalog.materials.models import Material, MaterialStatus
from catalog.standards import selectors as standards_selectors
from catalog.standards.codes import display_codes
from catalog.standards.models import Alignment, AlignmentSuggestion, SuggestionStatus

from .textparse import code_keys

log = logging.getLogger(__name__)

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
    # The same filter with suggested alignments included (SearchQuery.include_suggested):
    # the keys of confirmed alignments and of pending suggestions together, so one field
    # answers it on every engine.
    "standard_with_suggested": "standard_keys_with_suggested",
}
# Facet name → the field its counts read, where that is not the field its filter matches: a
# standard is matched in any spelling (``standard_keys``) but counted, and shown, once per
# statement as its framework writes it, so ticking a counted value filters by it.
COUNTED_FIELDS: dict[str, str] = {"standard": "standard_codes_display"}


def counted_field(facet: str) -> str:
    """The document field a facet's counts read."""
    return COUNTED_FIELDS.get(facet, FACET_FIELDS[facet])


def _value(material: Material, name: str, default=None):
    """A field through ``effective`` (curator overrides)."""
    value = material.effective(name)
    return default if value is None else value


def _as_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v not in (None, "")]


def _license_info(lic) -> dict[str, str]:
    if lic is None:
        return {"license": "", "license_family": "", "license_bucket": rules.bucket(None)}
    return {"license": lic.key, "license_family": lic.family, "license_bucket": rules.bucket(lic)}


def license_fields(material: Material) -> dict[str, str]:
    return _license_info(material.license)


def _for_materials_with(rows: QuerySet, ids: list[int], *selectors) -> tuple[dict, ...]:
    """Each selector's answer (material id → values) for the materials among ``ids`` that have
    any of ``rows`` (alignments or suggestions); ``{}`` for each when none has.

    Most materials have none: one range query over the ids' span finds those that do (cheap,
    where a thousand-id IN list is not), and the selectors are asked about those only."""
    if not ids:
        return tuple({} for _ in selectors)
    in_range = rows.filter(material_id__gte=min(ids), material_id__lte=max(ids))
    found = sorted(set(in_range.values_list("material_id", flat=True)) & set(ids))
    return tuple(select(found) if found else {} for select in selectors)


def _suggested(ids: list[int]) -> dict[int, list[str]]:
    """Codes of the material's pending suggested alignments (catalog.standards)."""
    pending = AlignmentSuggestion.objects.filter(status=SuggestionStatus.PENDING)
    (codes,) = _for_materials_with(pending, ids, standards_selectors.material_suggested_codes)
    return codes


def _standards(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Material id → every code of its alignments (for matching), and → its frameworks."""
    return _for_materials_with(
        Alignment.objects.all(),
        ids,
        standards_selectors.material_standard_codes,
        standards_selectors.material_standard_frameworks,
    )


def _display_codes(ids: list[int]) -> dict[int, list[str]]:
    """Material id → the codes of its confirmed aligned statements, each once, as its
    framework writes them (the standard facet's values)."""
    resolved = Alignment.objects.filter(item__isnull=False)
    (found,) = _for_materials_with(resolved, ids, standards_selectors.material_aligned_codes)
    return {pk: display_codes(codes, limit=None) for pk, codes in found.items()}


def _memberships(ids: Iterable[int] | None) -> dict[int, list]:
    """Material id → the published approved lists it is on (catalog.lists)."""
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


def _document(
    get,
    pk: int,
    slug: str,
    source_key: str,
    license: dict,
    codes,
    frameworks,
    lists,
    suggested=(),
    display=(),
):
    """The document from ``get(name)``, a material's effective value of a field (or None);
    ``suggested``: codes of its pending suggested alignments; ``display``: the codes of its
    aligned statements as people read them (``_display_codes``)."""
    title = str(get("title") or "")
    codes = list(codes or [])
    keys = code_keys(codes)
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
        "standard_keys": keys,
        # Confirmed and suggested together, for the search that includes suggestions; the
        # suggested keys are those not in ``standard_keys``.
        "standard_keys_with_suggested": sorted(set(keys) | set(code_keys(suggested or ()))),
        # The standard facet's values: one code per aligned statement (3.NF.A.1).
        "standard_codes_display": list(display or ()),
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
    suggested: list[str] | None = None,
    display: list[str] | None = None,
) -> dict:
    """The document of one material; ``lists``: the published lists it is on (memberships);
    ``suggested``: codes of its pending suggested alignments; ``display``: its aligned
    statements' codes as people read them (``_display_codes``)."""
    return _document(
        lambda name: _value(material, name),
        material.pk,
        material.slug,
        material.source_key,
        license_fields(material),
        codes,
        frameworks,
        lists,
        suggested,
        display,
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
    """License id (None: no licence) → license fields, each computed once per
    ``documents_for``."""

    def __missing__(self, license_id):
        lic = License.objects.filter(pk=license_id).first() if license_id else None
        self[license_id] = fields = _license_info(lic)
        return fields

    def load(self, license_ids) -> None:
        """Compute the fields of these licenses not seen yet, in one query."""
        wanted = {i for i in license_ids if i and i not in self}
        for lic in License.objects.filter(pk__in=wanted) if wanted else ():
            self[lic.pk] = _license_info(lic)


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
        suggested = _suggested(pks)
        display = _display_codes(pks)
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
                licenses[license_id],
                codes.get(pk),
                frameworks.get(pk),
                lists.get(pk),
                suggested.get(pk),
                display.get(pk),
            )
        last = pks[-1]


def active_count() -> int:
    return Material.objects.filter(status=MaterialStatus.ACTIVE).count()
