"""How a source is fetched and the limits its harvest keeps to: the catalog's ``HttpPolicy``
plus the per-record limits the gatherers enforce, read from the source's fields and ``config``
(docs/harvesting.md, "Limits and deadlines")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog.http import HttpPolicy, user_agent

if TYPE_CHECKING:
    from .models import HarvestSource

MB = 1024 * 1024
HARVESTER_USER_AGENT = user_agent("harvester")


@dataclass(frozen=True)
class HarvestPolicy(HttpPolicy):
    """``HttpPolicy`` and the record limits, so one object carries everything a source
    configures (the gatherers read the record limits from here)."""

    user_agent: str = HARVESTER_USER_AGENT
    max_record_bytes: int = 2 * MB  # one record's payload; over it: a per-record error
    max_field_bytes: int = 1 * MB  # one text field of a record; over it: a per-record error
    max_empty_pages: int = 10  # consecutive list pages with no records but a next page


def source_policy(source: HarvestSource, **overrides) -> HarvestPolicy:
    """The source's HTTP policy and limits: its ``config`` keys over ``HarvestPolicy``'s
    defaults."""
    config = source.config or {}
    default = HarvestPolicy()
    values = {
        "timeout": float(config.get("timeout", default.timeout)),
        "retries": int(config.get("retries", default.retries)),
        "backoff": float(config.get("backoff", default.backoff)),
        "max_wait": float(config.get("max_wait", default.max_wait)),
        "requests_per_second": source.requests_per_second,
        "user_agent": source.user_agent or HARVESTER_USER_AGENT,
        "response_deadline": float(config.get("response_deadline", default.response_deadline)),
    }
    for key in (
        "max_response_bytes",
        "max_decompressed_bytes",
        "max_record_bytes",
        "max_field_bytes",
        "max_empty_pages",
    ):
        values[key] = int(config.get(key, getattr(default, key)))
    values.update(overrides)
    return HarvestPolicy(**values)
