"""MaterialRecord: the typed, source-independent description of a material that harvesters
produce (a normalizer's output) and that ``material_upsert`` writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime


@dataclass(frozen=True)
class AlignmentRef:
    """A standard a material is aligned to, as the source names it (code, GUID or URI)."""

    target: str
    alignment_type: str = "teaches"
    framework: str = ""


@dataclass(frozen=True)
class MaterialRecord:
    remote_id: str
    title: str
    url: str = ""
    description: str = ""
    license_raw: str = ""
    subjects: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()
    educational_use: tuple[str, ...] = ()
    language: str = ""
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    publisher: str = ""
    provider: str = ""
    date_created: datetime | None = None
    date_modified: datetime | None = None
    accessibility: tuple[str, ...] = ()
    # Shared identifiers for deduplication across sources: "doi:10.x/y", "isbn:978…", "hdl:1765/1".
    identifiers: tuple[str, ...] = ()
    alignments: tuple[AlignmentRef, ...] = field(default=())

    def content_hash(self) -> str:
        """sha256 over every harvested field: equal hashes mean nothing changed."""
        payload = {name: getattr(self, name) for name in _FIELD_NAMES}
        payload["alignments"] = [asdict(a) for a in self.alignments]
        return hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()


_FIELD_NAMES = tuple(f.name for f in fields(MaterialRecord))
