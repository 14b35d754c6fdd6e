"""Which normalizer reads which stored payload format."""

from __future__ import annotations

import json
from collections.abc import Callable

from catalog.materials.records import MaterialRecord

from . import jsonld, lom, nsdl_dc, oai_dc, openstax, phet
from .errors import NormalizeError
from .oer_commons_csv import RowError, normalize_row


def _csv_row(payload: bytes) -> MaterialRecord:
    try:
        return normalize_row(json.loads(payload))
    except RowError as exc:
        raise NormalizeError(str(exc)) from exc


NORMALIZERS: dict[str, Callable[[bytes], MaterialRecord]] = {
    "oai_dc": oai_dc.normalize,
    "nsdl_dc": nsdl_dc.normalize,
    "lom": lom.normalize,
    "oai_lom": lom.normalize,
    "ieee_lom": lom.normalize,
    "oer_commons_csv": _csv_row,
    "jsonld": jsonld.normalize,
    "lrmi": jsonld.normalize,
    "openstax": openstax.normalize,
    "phet": phet.normalize,
}


def register(name: str, fn: Callable[[bytes], MaterialRecord]) -> None:
    NORMALIZERS[name] = fn


def normalizer_for(format_name: str) -> Callable[[bytes], MaterialRecord]:
    try:
        return NORMALIZERS[format_name]
    except KeyError:
        raise NormalizeError(f"no normalizer for the format {format_name!r}") from None
