"""Signal receivers: keep approved entries honest when their material changes at the source,
snapshot a version when a list page is published through the Wagtail admin/workflow, and tell
search (``announce_materials_changed``) when a material's published-list membership may have
changed. ``ListsConfig.ready()`` imports this module and calls ``connect()``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from catalog.materials.signals import announce_materials_changed, materials_changed

from .membership import page_material_ids
from .models import ApprovedListPage, ListVersion
from .services.rereview import entries_flag_changed
from .services.versions import list_version_snapshot


def on_materials_changed(sender, ids, **kwargs) -> None:
    entries_flag_changed(ids)


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, ApprovedListPage):
        user = getattr(revision, "user", None) if revision is not None else None
        list_version_snapshot(page, user=user)


def on_page_live_changed(sender, instance, **kwargs) -> None:
    """A list going live or offline changes membership of every material of its latest version
    (its key changes too when the slug or jurisdiction was edited)."""
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, ApprovedListPage):
        announce_materials_changed(page_material_ids(page))


def on_version_saved(sender, instance, **kwargs) -> None:
    """A new version: materials added or removed since the previous one (all of both, simply)."""
    previous = (
        ListVersion.objects.filter(list_page_id=instance.list_page_id, number__lt=instance.number)
        .order_by("-number")
        .first()
    )
    announce_materials_changed(
        instance.material_ids | (previous.material_ids if previous else set())
    )


def on_version_deleted(sender, instance, **kwargs) -> None:
    announce_materials_changed(instance.material_ids)


def connect() -> None:
    materials_changed.connect(on_materials_changed, dispatch_uid="lists.materials_changed")
    page_published.connect(on_page_published, dispatch_uid="lists.page_published")
    # After the snapshot above (receivers run in connection order).
    page_published.connect(on_page_live_changed, dispatch_uid="lists.search_page_published")
    page_unpublished.connect(on_page_live_changed, dispatch_uid="lists.search_page_unpublished")
    post_save.connect(on_version_saved, sender=ListVersion, dispatch_uid="lists.search_version")
    post_delete.connect(
        on_version_deleted, sender=ListVersion, dispatch_uid="lists.search_version_deleted"
    )
