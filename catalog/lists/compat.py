"""Adapters to interfaces other catalog apps are still building (licenses rules, standards).

Everything in ``catalog.lists`` that needs them goes through here, so that when
``catalog.licenses.rules`` or ``catalog.standards.selectors`` land (or change) only this module
changes. Imports are lazy: the app works, with documented fallbacks, before they exist.
"""

from __future__ import annotations

import importlib

from django.conf import settings

PROPRIETARY_FAMILIES = {"arr", "custom"}


def _rules():
    try:
        return importlib.import_module("catalog.licenses.rules")
    except ImportError:
        return None


def _fallback_open(license, definition: str) -> bool:
    """The registry's flags read the way issue 3 defines the three definitions."""
    if license.family in PROPRIETARY_FAMILIES or license.no_derivatives:
        return False
    if definition == "no-nc":
        return not license.non_commercial
    if definition == "by-only":
        return not (license.non_commercial or license.share_alike)
    return True


def is_open(license, definition: str | None = None) -> bool:
    """Whether ``license`` is open under ``definition`` (the setting when None)."""
    definition = definition or settings.OER_OPEN_DEFINITION
    if license is None:
        return False
    rules = _rules()
    if rules is not None and hasattr(rules, "is_open"):
        return bool(rules.is_open(license, definition=definition))
    return _fallback_open(license, definition)


def not_open_reason(license, definition: str) -> str:
    """A sentence for the screen saying why a license is not open under a definition."""
    if license is None:
        return (
            "The material has no recognised license, so it cannot be approved as OER: "
            "map its license string in the license registry first."
        )
    flags = []
    if license.family in PROPRIETARY_FAMILIES:
        flags.append("it is not an open license")
    if license.no_derivatives:
        flags.append("it forbids adaptations (ND)")
    if license.non_commercial and definition in ("no-nc", "by-only"):
        flags.append("it forbids commercial use (NC)")
    if license.share_alike and definition == "by-only":
        flags.append("it requires share-alike (SA)")
    why = " and ".join(flags) or "the license rules say it is not open"
    return f'{license} is not open under this list\'s definition "{definition}": {why}.'


def frameworks() -> list:
    """Every standards framework (catalog.standards), or none before it lands."""
    try:
        models = importlib.import_module("catalog.standards.models")
    except ImportError:
        return []
    return list(models.Framework.objects.order_by("title"))


def framework_items(framework):
    """Standard items of a framework (catalog.standards), or an empty list before it lands."""
    try:
        models = importlib.import_module("catalog.standards.models")
    except ImportError:
        return []
    return list(
        models.StandardItem.objects.filter(framework=framework, retired=False).order_by(
            "position", "id"
        )
    )


def aligned_item_ids(material_ids) -> dict[int, set[int]]:
    """item id → ids of the given materials aligned to it (catalog.standards.Alignment)."""
    try:
        models = importlib.import_module("catalog.standards.models")
    except ImportError:
        return {}
    out: dict[int, set[int]] = {}
    rows = models.Alignment.objects.filter(
        material_id__in=list(material_ids), item__isnull=False
    ).values_list("item_id", "material_id")
    for item_id, material_id in rows:
        out.setdefault(item_id, set()).add(material_id)
    return out
