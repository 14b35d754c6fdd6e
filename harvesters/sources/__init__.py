"""Gatherers: one per source type. Each yields ``RawItem``s and ``Checkpoint``s.

A source type is one ``Gatherer`` subclass registered with ``@register``: its class
attributes name the type (the value stored in ``HarvestSource.type``), its label, its default
format and the payload formats it yields (each read by the normalizer of that name in
``harvesters/normalizers/registry.py``). The source type choices, the default formats and
the lookup of a source's gatherer all read this one registry; every module in this package is
imported when the registry is first read, so a new type is one new module here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import ClassVar


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
    """Base: ``prepare()`` (network checks), iterate, then read ``complete``/``response_date``.

    Subclasses are built as ``cls(source, checkpoint, *, full, policy, sleep, tick)``: the
    ``HarvestSource``, the checkpoint state to resume from, whether to ignore the previous
    run's date, a ``HarvestPolicy``, the wait function and the run's ``tick`` (to be called
    while waiting, e.g. by handing it to ``PoliteSession``)."""

    type: ClassVar[str] = ""  # the key stored in HarvestSource.type, e.g. "oai-pmh"
    label: ClassVar[str] = ""  # shown in the admin and the CLI
    default_format: ClassVar[str] = ""  # the format when the source names none
    formats: ClassVar[tuple[str, ...]] = ()  # the payload formats it can yield

    metadata_format = ""  # the format of this run's payloads
    complete = False  # a full list of the source's records was seen (for missing-run deletes)
    response_date = ""
    deletions_reported = False  # the source reports deletions itself (OAI deletedRecord)

    def prepare(self) -> None:  # pragma: no cover - default does nothing
        pass

    def __iter__(self):  # pragma: no cover - abstract
        raise NotImplementedError


_REGISTRY: dict[str, type[Gatherer]] = {}
_discovered = False


def register(cls: type[Gatherer]) -> type[Gatherer]:
    """Class decorator: make ``cls`` the gatherer of the source type ``cls.type``."""
    if not (cls.type and cls.label and cls.default_format):
        raise TypeError(f"{cls.__name__} needs type, label and default_format")
    if cls.default_format not in cls.formats:
        raise TypeError(f"{cls.__name__}.default_format is not one of its formats")
    known = _REGISTRY.get(cls.type)
    if known is not None and known.__qualname__ != cls.__qualname__:
        raise TypeError(f"the source type {cls.type!r} is already {known.__name__}'s")
    _REGISTRY[cls.type] = cls
    return cls


def _discover() -> None:
    """Import every module of this package once, so their ``@register``s have run."""
    global _discovered
    if _discovered:
        return
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _discovered = True


def gatherers() -> dict[str, type[Gatherer]]:
    """Every registered gatherer by source type, in registration order."""
    _discover()
    return dict(_REGISTRY)


def gatherer_for(source_type: str) -> type[Gatherer]:
    try:
        return gatherers()[source_type]
    except KeyError:
        raise ValueError(f"no gatherer for the source type {source_type!r}") from None


def source_types() -> list[str]:
    return list(gatherers())


def source_type_choices() -> list[tuple[str, str]]:
    """``HarvestSource.type`` choices (a callable, so a new type needs no migration)."""
    return sorted(((key, cls.label) for key, cls in gatherers().items()), key=lambda c: c[1])


def default_format(source_type: str) -> str:
    cls = gatherers().get(source_type)
    return cls.default_format if cls else ""
