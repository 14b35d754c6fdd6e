"""Gatherers: one per source type. Each yields ``RawItem``s and ``Checkpoint``s."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawItem:
    remote_id: str
    payload: bytes
    datestamp: str = ""
    deleted: bool = False
    error: str = ""  # refused at the source (e.g. over a size limit): a per-record error


@dataclass(frozen=True)
class Checkpoint:
    """Everything before this point is durable once the pipeline has saved ``state``."""

    state: dict = field(default_factory=dict)


class Gatherer:
    """Base: ``prepare()`` (network checks), iterate, then read ``complete``/``response_date``."""

    metadata_format = ""
    complete = False  # a full list of the source's records was seen (for missing-run deletes)
    response_date = ""
    deletions_reported = False  # the source reports deletions itself (OAI deletedRecord)

    def prepare(self) -> None:  # pragma: no cover - default does nothing
        pass

    def __iter__(self):  # pragma: no cover - abstract
        raise NotImplementedError
