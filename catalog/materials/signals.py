"""The one signal the catalog sends: ``materials_changed(ids=[...])``, after commit.

``search`` listens and re-indexes those ids in bulk; ``catalog`` never imports ``search``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

materials_changed = Signal()


def announce_materials_changed(ids: Iterable[int]) -> None:
    """Send ``materials_changed`` once the current transaction commits (now, outside one)."""
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return
    transaction.on_commit(lambda: materials_changed.send(sender="catalog", ids=id_list))
