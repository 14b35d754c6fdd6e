"""Reads of the teachers app. Every "for viewer" selector returns None when the viewer may not
see the object, so views answer 404 without revealing that it exists."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from catalog.materials.models import Material, MaterialStatus

from .models import (
    Adaptation,
    AdaptationSource,
    AdaptationStatus,
    ChangeState,
    Collection,
    CollectionItem,
    UpstreamChange,
    Visibility,
)
from .services.moderation import PUBLISH_SOURCE_KEY, can_moderate


def _items() -> Prefetch:
    return Prefetch(
        "items",
        queryset=CollectionItem.objects.select_related("material", "material__license"),
    )


def collections_of(user) -> QuerySet[Collection]:
    return (
        Collection.objects.filter(owner=user)
        .annotate(item_count=Count("items"))
        .order_by("title", "id")
    )


def collections_public() -> QuerySet[Collection]:
    return (
        Collection.objects.filter(visibility=Visibility.PUBLIC)
        .annotate(item_count=Count("items"))
        .select_related("owner", "owner__teacher_profile")
        .order_by("-updated_at", "id")
    )


def collection_for_owner(token, user) -> Collection | None:
    if not user.is_authenticated:
        return None
    return Collection.objects.filter(token=token, owner=user).prefetch_related(_items()).first()


def collection_for_viewer(token, user) -> Collection | None:
    """The owner sees any of theirs; everyone else only link-shared and public ones."""
    collection = (
        Collection.objects.filter(token=token)
        .select_related("owner", "owner__teacher_profile")
        .prefetch_related(_items())
        .first()
    )
    if collection is None:
        return None
    if collection.visibility != Visibility.PRIVATE:
        return collection
    if user.is_authenticated and collection.owner_id == user.pk:
        return collection
    return None


def collection_item_for_owner(token, item_id: int, user) -> CollectionItem | None:
    if not user.is_authenticated:
        return None
    return (
        CollectionItem.objects.filter(pk=item_id, collection__token=token, collection__owner=user)
        .select_related("collection")
        .first()
    )


def adaptations_of(user) -> QuerySet[Adaptation]:
    return Adaptation.objects.filter(owner=user).annotate(
        pending=Count("sources__changes", filter=_pending_filter())
    )


def _pending_filter():
    from django.db.models import Q

    return Q(sources__changes__state=ChangeState.PENDING)


def _with_sources(qs: QuerySet[Adaptation]) -> QuerySet[Adaptation]:
    return qs.select_related("license", "owner", "owner__teacher_profile").prefetch_related(
        Prefetch(
            "sources",
            queryset=AdaptationSource.objects.select_related("material", "material__license"),
        )
    )


def adaptation_for_owner(pk: int, user) -> Adaptation | None:
    if not user.is_authenticated:
        return None
    return _with_sources(Adaptation.objects.filter(pk=pk, owner=user)).first()


def adaptation_for_viewer(pk: int, user) -> Adaptation | None:
    """Owners see theirs; curators see submitted and published work; everyone sees published."""
    adaptation = _with_sources(Adaptation.objects.filter(pk=pk)).first()
    if adaptation is None:
        return None
    if user.is_authenticated and adaptation.owner_id == user.pk:
        return adaptation
    if adaptation.status == AdaptationStatus.PUBLISHED:
        return adaptation
    if adaptation.status == AdaptationStatus.SUBMITTED and can_moderate(user):
        return adaptation
    return None


def adaptations_awaiting_review() -> QuerySet[Adaptation]:
    return _with_sources(
        Adaptation.objects.filter(status=AdaptationStatus.SUBMITTED).order_by("submitted_at")
    )


def pending_changes(adaptation: Adaptation) -> list[UpstreamChange]:
    return list(
        UpstreamChange.objects.filter(source__adaptation=adaptation, state=ChangeState.PENDING)
        .select_related("source", "source__material")
        .order_by("source__position", "id")
    )


def change_for_owner(adaptation_pk: int, change_id: int, user) -> UpstreamChange | None:
    if not user.is_authenticated:
        return None
    return (
        UpstreamChange.objects.filter(
            pk=change_id, source__adaptation_id=adaptation_pk, source__adaptation__owner=user
        )
        .select_related("source", "source__adaptation", "source__material")
        .first()
    )


def material_for_teacher(slug: str) -> Material | None:
    return (
        Material.objects.filter(slug=slug, status=MaterialStatus.ACTIVE)
        .select_related("license")
        .first()
    )


def materials_by_slugs(slugs) -> list[Material]:
    """Active materials in the order given (unknown slugs skipped)."""
    slugs = [s for s in dict.fromkeys(slugs) if s]
    found = {
        m.slug: m
        for m in Material.objects.filter(
            slug__in=slugs, status=MaterialStatus.ACTIVE
        ).select_related("license")
    }
    return [found[s] for s in slugs if s in found]


def lineage(material: Material, depth: int = 0, seen: set | None = None) -> list[dict]:
    """The provenance chain of a material: what it is based on, recursively (forks of forks).

    ``[{"material": m, "source_hash": "...", "based_on": [...]}]``; empty for a material that
    is not a published teacher adaptation. Cycles and very deep chains stop."""
    seen = seen if seen is not None else set()
    if material.source_key != PUBLISH_SOURCE_KEY or material.pk in seen or depth > 10:
        return []
    seen.add(material.pk)
    adaptation = Adaptation.objects.filter(published_material=material).first()
    if adaptation is None:
        return []
    return adaptation_lineage(adaptation, depth, seen)


def adaptation_lineage(adaptation: Adaptation, depth: int = 0, seen: set | None = None):
    seen = seen if seen is not None else set()
    chain = []
    for src in adaptation.sources.select_related("material", "material__license"):
        chain.append(
            {
                "material": src.material,
                "source_hash": src.source_hash,
                "adapted_at": src.adapted_at,
                "based_on": lineage(src.material, depth + 1, seen),
            }
        )
    return chain
