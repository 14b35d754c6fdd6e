"""Source management: create a harvest source (its type and format checked against the
registered gatherers) and confirm a shrink a run held back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import HarvestSource
from ..normalizers.registry import NORMALIZERS
from ..sources import gatherers


def harvest_source_validate(source: HarvestSource) -> None:
    """Raise ``ValidationError`` unless the source's type is a registered gatherer's and its
    format is one that gatherer yields and a normalizer reads."""
    registered = gatherers()
    cls = registered.get(source.type)
    if cls is None:
        raise ValidationError(
            {"type": f"unknown source type {source.type!r}; one of {', '.join(registered)}"}
        )
    fmt = source.metadata_format
    if fmt and (fmt not in cls.formats or fmt not in NORMALIZERS):
        raise ValidationError(
            {"metadata_format": f"{cls.type} sources yield {', '.join(cls.formats)}, not {fmt!r}"}
        )
    source.full_clean()


def harvest_source_create(
    name: str,
    type: str,
    base_url: str,
    *,
    metadata_format: str = "",
    set_spec: str = "",
    every_hours: float | None = None,
    priority: int = 0,
    config: dict | None = None,
    **extra,
) -> HarvestSource:
    cls = gatherers().get(type)
    if cls is None:
        raise ValueError(f"unknown source type {type!r}; one of {', '.join(gatherers())}")
    source = HarvestSource(
        name=name,
        type=type,
        base_url=base_url,
        metadata_format=metadata_format or cls.default_format,
        set_spec=set_spec,
        every_hours=every_hours,
        priority=priority,
        config=config or {},
        **extra,
    )
    harvest_source_validate(source)
    source.next_run_at = timezone.now() if source.scheduled else None  # scheduled: due at once
    source.save()
    return source


def harvest_confirm_shrink(source: HarvestSource, *, by: str = "") -> bool:
    """Let the next complete run withdraw what it does not list, although the source shrank.
    False when no shrink is waiting for a confirmation."""
    if not source.shrink_warning:
        return False
    source.shrink_confirmed_at = timezone.now()
    source.shrink_confirmed_by = by[:150]
    source.save(update_fields=["shrink_confirmed_at", "shrink_confirmed_by"])
    return True
