"""The in-memory registry: every License and curator mapping, indexed for the resolver.

``catalog.materials`` resolves a license on every upsert, so the resolver must not query the
database per call. The snapshot is built once per process (two queries) and dropped when a
License or LicenseMapping is saved or deleted in this process (signals in ``apps.py``), when
``licenses load`` runs, and otherwise after ``TTL_SECONDS`` so that other processes (the task
worker, other web workers) see a curator's new mapping within minutes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db import connection

from .models import License, LicenseMapping
from .text import canonical_uri, normalize_text

TTL_SECONDS = 120.0

_lock = threading.Lock()
_snapshot: Snapshot | None = None


@dataclass
class Snapshot:
    """Indexes over the registry (read-only once built)."""

    by_key: dict[str, License]
    by_uri: dict[str, License]
    by_spdx: dict[str, License]
    by_title: dict[str, License]
    by_code_version: dict[tuple[str, str, str], License]
    families: dict[str, License]
    ports: dict[str, str]
    mappings: dict[str, License]
    built_at: float = field(default_factory=time.monotonic)
    results: dict = field(default_factory=dict)


def _jurisdiction_names(licenses: list[License]) -> dict[str, str]:
    """Port names from the registry's own titles.

    "… 3.0 United States" → {"united states": "us"}.
    """
    names: dict[str, str] = {}
    for lic in licenses:
        if lic.family == "cc" and lic.jurisdiction and lic.version:
            tail = lic.title.split(f" {lic.version} ", 1)[-1].strip().lower()
            if tail and tail != lic.title.lower():
                for name in {tail, tail.split(":")[-1].strip()}:  # "uk: scotland" → "scotland"
                    names.setdefault(normalize_text(name), lic.jurisdiction)
    return names


def build() -> Snapshot:
    licenses = list(License.objects.all())
    by_key = {lic.key: lic for lic in licenses}
    by_uri: dict[str, License] = {}
    for lic in licenses:
        for url in [*lic.aliases, lic.uri]:  # the record's own URI wins over aliases
            if url:
                by_uri[canonical_uri(url)] = lic
    by_spdx = {lic.spdx_id.lower(): lic for lic in licenses if lic.spdx_id}
    by_spdx.update({lic.key.lower(): lic for lic in licenses})
    by_title: dict[str, License] = {}
    for lic in licenses:
        by_title.setdefault(normalize_text(lic.title), lic)
    by_code_version = {
        (lic.code, lic.version, lic.jurisdiction): lic
        for lic in licenses
        if lic.family in ("cc", "cc0", "pdm") and lic.code and lic.version
    }
    families = {lic.code: lic for lic in licenses if lic.version_unknown}
    mappings = {
        m.raw_key: by_key.get(m.license.key, m.license)
        for m in LicenseMapping.objects.select_related("license")
    }
    return Snapshot(
        by_key=by_key,
        by_uri=by_uri,
        by_spdx=by_spdx,
        by_title=by_title,
        by_code_version=by_code_version,
        families=families,
        ports=_jurisdiction_names(licenses),
        mappings=mappings,
    )


def snapshot() -> Snapshot:
    """The current snapshot, rebuilt when invalidated or older than TTL_SECONDS."""
    global _snapshot
    if _pending:
        _drop_rolled_back()
    snap = _snapshot
    if snap is not None and time.monotonic() - snap.built_at < TTL_SECONDS:
        return snap
    with _lock:
        if _snapshot is None or time.monotonic() - _snapshot.built_at >= TTL_SECONDS:
            _snapshot = build()
        return _snapshot


def _drop() -> None:
    global _snapshot
    _snapshot = None


def invalidate(*args, **kwargs) -> None:
    """Drop the snapshot now and, inside atomic blocks, again when they end (a rollback may
    undo what was just written). Call it after writing License rows without signals
    (``bulk_create``, raw SQL). Accepts a signal receiver's arguments."""
    changed()


# For each change made inside atomic blocks: the blocks open at that moment. When one of them
# ends, the change may have been rolled back with it (a failed import, every test), so the
# snapshot is dropped; a block ending in a commit costs one rebuild. No query needed.
_pending: list[list] = []


def changed(*args, **kwargs) -> None:
    """Registry rows changed: drop the snapshot now, and again when an enclosing block ends."""
    _drop()
    if connection.in_atomic_block and connection.atomic_blocks:
        _pending.append(list(connection.atomic_blocks))


def _drop_rolled_back() -> None:
    live = connection.atomic_blocks if connection.in_atomic_block else []
    ended = False
    for i, blocks in enumerate(_pending):
        still = [b for b in blocks if any(b is x for x in live)]
        if len(still) < len(blocks):
            ended = True
            _pending[i] = still
    _pending[:] = [blocks for blocks in _pending if blocks]
    if ended:
        _drop()
