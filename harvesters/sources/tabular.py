"""CSV / XLSX gatherer in the OER Commons export shape (``;``-separated, header row)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from catalog.http import MalformedResponse, PoliteSession
from harvesters.normalizers.oer_commons_csv import REQUIRED_COLUMNS
from harvesters.policy import HarvestPolicy

from . import Checkpoint, Gatherer, RawItem, register

CHECKPOINT_EVERY = 1000


def _delimiter(text: str, delimiter: str) -> str:
    if delimiter != "auto":
        return delimiter
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") >= first.count(",") else ","


def _bad_line(line: int, why: str) -> tuple[str, str, str, str]:
    return (
        "gather",
        f"line {line}",
        f"line {line}: {why}; the row was skipped and the lines after it were read as rows",
        "error",
    )


def _rows_from_text(text: str, delimiter: str, problems: list):
    """Rows as dicts keyed by the header. Short rows are padded; extra empty cells (a stray
    delimiter) are dropped; extra non-empty cells are dropped with a warning. A quoted field
    that is never closed is an error at its line, and the lines after it are read again as
    rows instead of vanishing into that field."""
    lines = io.StringIO(text, newline="").readlines()
    delimiter = _delimiter(text, delimiter)
    header: list[str] | None = None
    start = 0
    while start < len(lines):
        reader = csv.reader(lines[start:], delimiter=delimiter)
        consumed = 0
        restart = None
        cells_iter = iter(reader)
        while True:
            first_line = start + consumed + 1  # 1-based line where the next record starts
            try:
                cells = next(cells_iter)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a runaway field past the size limit
                problems.append(_bad_line(first_line, str(exc)))
                restart = first_line  # 0-based index of the line after the bad one
                break
            record_lines = lines[start + consumed : start + reader.line_num]
            consumed = reader.line_num
            if consumed == len(lines) - start and sum(x.count('"') for x in record_lines) % 2:
                problems.append(_bad_line(first_line, "a quoted field opened here is never closed"))
                restart = first_line
                break
            if header is None:
                header = [h.strip() for h in cells]
                missing = [c for c in REQUIRED_COLUMNS if c not in header]
                if missing:
                    raise MalformedResponse(
                        f"the spreadsheet lacks the columns {', '.join(missing)}"
                    )
                continue
            if not any(c.strip() for c in cells):
                continue  # blank line
            extra = [c for c in cells[len(header) :] if c.strip()]
            row = dict(zip(header, cells, strict=False))
            for name in header[len(cells) :]:
                row[name] = ""
            if extra:
                shown = ", ".join(repr(c.strip()[:60]) for c in extra[:5])
                problems.append(
                    (
                        "gather",
                        (row.get("URL") or "").strip() or f"line {first_line}",
                        f"line {first_line}: {len(extra)} non-empty cell(s) beyond the "
                        f"{len(header)} columns were ignored: {shown}",
                        "warning",
                    )
                )
            yield row
        if restart is None:
            return
        start = restart
    if header is None:
        raise MalformedResponse("the spreadsheet is empty")


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


@register
class TabularGatherer(Gatherer):
    type = "csv"
    label = "CSV / spreadsheet (OER Commons shape)"
    default_format = "oer_commons_csv"
    formats = ("oer_commons_csv",)
    metadata_format = "oer_commons_csv"

    def __init__(
        self,
        source,
        checkpoint: dict,
        *,
        full: bool,
        policy: HarvestPolicy,
        sleep=None,
        tick=None,
    ):
        self.source = source
        self.policy = policy
        self.sleep = sleep
        self.tick = tick
        # (stage, identifier, message, level) per problem row; the run stores and counts them.
        self.problems: list[tuple[str, str, str, str]] = []

    def _data(self) -> bytes:
        location = self.source.base_url
        if location.startswith(("http://", "https://")):
            kwargs = {"sleep": self.sleep} if self.sleep else {}
            body = PoliteSession(self.policy, tick=self.tick, **kwargs).get(location)
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
            delimiter = (self.source.config or {}).get("delimiter", "auto")
            rows = _rows_from_text(text, delimiter, self.problems)
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
