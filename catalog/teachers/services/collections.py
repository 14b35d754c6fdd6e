"""Teachers' collections: create, edit, delete, and their ordered, annotated items."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.materials.models import Material

from ..models import Collection, CollectionItem, Visibility


def collection_create(owner, *, title: str, description: str = "", visibility: str = "private"):
    return Collection.objects.create(
        owner=owner, title=title, description=description, visibility=visibility
    )


def collection_update(collection: Collection, *, title: str, description: str, visibility: str):
    collection.title, collection.description = title, description
    collection.visibility = Visibility(visibility)
    collection.save()
    return collection


def collection_delete(collection: Collection) -> None:
    collection.delete()


@transaction.atomic
def collection_add_material(collection: Collection, material: Material, note: str = ""):
    """Append a material (once: saving it again keeps its place and note)."""
    item = CollectionItem.objects.filter(collection=collection, material=material).first()
    if item:
        return item
    last = collection.items.aggregate(m=Max("position"))["m"]
    item = CollectionItem.objects.create(
        collection=collection, material=material, note=note, position=(last or 0) + 1
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def collection_item_move(item: CollectionItem, direction: str) -> None:
    """Swap an item with its neighbour ("up" or "down"); positions are renumbered 1..n."""
    items = list(item.collection.items.select_for_update().order_by("position", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


def collection_item_note(item: CollectionItem, note: str) -> None:
    item.note = note
    item.save(update_fields=["note"])


def collection_item_remove(item: CollectionItem) -> None:
    item.delete()
