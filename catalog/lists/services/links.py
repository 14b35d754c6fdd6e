"""Check the links of approved materials, keep the outcome history, flag broken ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from catalog.materials.models import Material

from ..linkcheck import check_urls
from ..models import EntryStage, LinkCheck
from ..models.entries import APPROVING
from .rereview import entries_flag_broken_link


def materials_to_check():
    """Active materials approved on some list (each once)."""
    return (
        Material.objects.filter(
            list_entries__stage=EntryStage.DECIDED, list_entries__decision__in=APPROVING
        )
        .exclude(url="")
        .distinct()
        .order_by("pk")
    )


def links_check(materials, *, concurrency=4, per_host_interval=1.0, timeout=10.0):
    """Check each material's URL; returns the LinkCheck rows created."""
    materials = list(materials)
    results = check_urls(
        [m.url for m in materials],
        concurrency=concurrency,
        per_host_interval=per_host_interval,
        timeout=timeout,
    )
    now = timezone.now()
    rows = LinkCheck.objects.bulk_create(
        [
            LinkCheck(
                material=m,
                url=r.url[:1000],
                checked_at=now,
                method=r.method,
                status_code=r.status_code,
                ok=r.ok,
                final_url=r.final_url[:1000],
                redirects=r.redirects,
                error=r.error,
                elapsed_ms=r.elapsed_ms,
            )
            for m, r in zip(materials, results, strict=True)
        ]
    )
    for m, r in zip(materials, results, strict=True):
        if not r.ok:
            entries_flag_broken_link(m.pk, r.detail)
    return rows


@dataclass(frozen=True)
class LinkCheckReport:
    """What one check of the approved materials' links found."""

    checked: int
    broken: list[LinkCheck]
    redirected: int


def approved_links_check(
    *, concurrency: int = 4, per_host_interval: float = 1.0, timeout: float = 10.0
) -> LinkCheckReport:
    """Check the URL of every approved material (``materials_to_check``), record the outcomes
    and flag broken ones: what ``manage.py check_links`` runs, here or on the task worker."""
    rows = links_check(
        materials_to_check(),
        concurrency=concurrency,
        per_host_interval=per_host_interval,
        timeout=timeout,
    )
    return LinkCheckReport(
        checked=len(rows),
        broken=[r for r in rows if not r.ok],
        redirected=sum(1 for r in rows if r.redirects),
    )
