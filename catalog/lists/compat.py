"""What the lists app asks of the licence rules and the standards app: is a licence open under
a list's definition (and why not, in words), and which framework items the list's materials
are aligned to (coverage reports)."""

from __future__ import annotations

from django.conf import settings

from catalog.licenses import rules
from catalog.standards.models import Alignment, Framework, StandardItem

PROPRIETARY_FAMILIES = {"arr", "custom"}


def is_open(license, definition: str | None = None) -> bool:
    """Whether ``license`` is open under ``definition`` (the setting when None)."""
    return rules.is_open(license, definition or settings.OER_OPEN_DEFINITION)


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
    """Every standards framework, by title."""
    return list(Framework.objects.order_by("title"))


def framework_items(framework) -> list:
    """The live standard items of a framework, in document order."""
    return list(
        StandardItem.objects.filter(framework=framework, retired=False).order_by("position", "id")
    )


def aligned_item_ids(material_ids) -> dict[int, set[int]]:
    """item id → ids of the given materials aligned to it."""
    out: dict[int, set[int]] = {}
    rows = Alignment.objects.filter(
        material_id__in=list(material_ids), item__isnull=False
    ).values_list("item_id", "material_id")
    for item_id, material_id in rows:
        out.setdefault(item_id, set()).add(material_id)
    return out
