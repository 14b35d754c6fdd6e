"""Signal receivers: keep approved entries honest when their material changes at the source,
and snapshot a version when a list page is published through the Wagtail admin/workflow."""

from __future__ import annotations


def on_materials_changed(sender, ids, **kwargs) -> None:
    from .services.rereview import entries_flag_changed

    entries_flag_changed(ids)


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    from .models import ApprovedListPage
    from .services.versions import list_version_snapshot

    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, ApprovedListPage):
        user = getattr(revision, "user", None) if revision is not None else None
        list_version_snapshot(page, user=user)


def connect() -> None:
    from wagtail.signals import page_published

    from catalog.materials.signals import materials_changed

    materials_changed.connect(on_materials_changed, dispatch_uid="lists.materials_changed")
    page_published.connect(on_page_published, dispatch_uid="lists.page_published")
