"""Licence links: pointing materials at the License their licence string resolves to.

Every relink (a curator's mapping, a rules change, a teacher's published work) comes through
``materials_license_set`` so that the material rows get a new ``updated_at`` and the changed
ids are announced once for the derived indexes, like any other change to a material.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from catalog.licenses.models import License

from ..models import Material
from ..signals import announce_materials_changed


@transaction.atomic
def materials_license_set(links: Mapping[License | None, Iterable[int]]) -> list[int]:
    """Link each group of material ids to its License (None: no licence).

    Only materials whose link actually changes are written. Returns their ids, which are
    announced in one batch.
    """
    now = timezone.now()
    changed: list[int] = []
    for license, ids in links.items():
        rows = Material.objects.filter(pk__in=list(ids))
        rows = rows.exclude(license=license) if license else rows.filter(license__isnull=False)
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            Material.objects.filter(pk__in=pks).update(license=license, updated_at=now)
            changed += pks
    announce_materials_changed(changed)
    return changed
