"""How the catalog announces changes: ``announce_materials_changed(ids)``.

Two things happen. In the current transaction, the ids are queued in the derived-index outbox
(``catalog.materials.outbox``) for every registered index, so the indexes catch up even if the
process dies right after the commit. After the commit, ``materials_changed(ids=[...])`` is sent
for the other listeners (lists' re-review flags, teachers' upstream changes). ``catalog``
never imports ``search``: search registers itself as an outbox consumer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

materials_changed = Signal()


def announce_materials_changed(ids: Iterable[int]) -> None:
    """Queue ``ids`` for the derived indexes now; send ``materials_changed`` on commit."""
    from .outbox import outbox_record  # outbox imports the models; this module must not

    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return
    outbox_record(id_list)
    transaction.on_commit(lambda: materials_changed.send(sender="catalog", ids=id_list))
