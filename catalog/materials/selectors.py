"""Reads of materials."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Material, MaterialStatus


def material_list_active() -> QuerySet[Material]:
    return Material.objects.filter(status=MaterialStatus.ACTIVE).select_related("license")


def material_get_public(slug: str) -> Material | None:
    return material_list_active().filter(slug=slug).first()
