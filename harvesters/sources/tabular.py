"""CSV / XLSX gatherer in the OER Commons export shape (``;``-separated, header row)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from harvesters.errors import MalformedResponse
from harvesters.http import HttpPolicy, PoliteSession
from harvesters.normalizers.oer_commons_csv import REQUIRED_COLUMNS

from . import Checkpoint, Gatherer, RawItem

CHECKPOINT_EVERY = 1000


def _rows_from_text(text: str, delimiter: str):
    if delimiter == "auto":
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MalformedResponse(f"the spreadsheet lacks the columns {', '.join(missing)}")
    yield from reader


def _rows_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.active.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise MalformedResponse(f"the spreadsheet lacks the columns {', '.join(missing)}")
    for row in rows:
        yield {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)}


class TabularGatherer(Gatherer):
    metadata_format = "oer_commons_csv"

    def __init__(self, source, checkpoint: dict, *, full: bool, policy: HttpPolicy, sleep=None):
        self.source = source
        self.policy = policy
        self.sleep = sleep

    def _data(self) -> bytes:
        location = self.source.base_url
        if location.startswith(("http://", "https://")):
            kwargs = {"sleep": self.sleep} if self.sleep else {}
            body = PoliteSession(self.policy, **kwargs).get(location)
            try:
                if body.status >= 400:
                    raise MalformedResponse(f"HTTP {body.status} from {location}")
                return body.read()
            finally:
                body.close()
        return Path(location.removeprefix("file://")).read_bytes()

    def __iter__(self):
        data = self._data()
        if self.source.base_url.lower().endswith(".xlsx") or data[:2] == b"PK":
            rows = _rows_from_xlsx(data)
        else:
            text = data.decode("utf-8-sig")
            rows = _rows_from_text(text, self.source.config.get("delimiter", "auto"))
        latest: dict[str, dict] = {}  # a URL listed twice: the later row wins
        for n, row in enumerate(rows, 1):
            remote_id = (row.get("URL") or "").strip() or f"row-{n}"
            latest.pop(remote_id, None)
            latest[remote_id] = row
        for n, (remote_id, row) in enumerate(latest.items(), 1):
            yield RawItem(remote_id, json.dumps(row, sort_keys=True).encode("utf-8"))
            if n % CHECKPOINT_EVERY == 0:
                yield Checkpoint({"rows": n})
        yield Checkpoint({"rows": "all"})
        self.complete = True
