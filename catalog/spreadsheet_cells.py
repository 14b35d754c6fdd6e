"""Cells for CSV and XLSX exports that a spreadsheet never runs as formulas.

Excel, LibreOffice and Google Sheets read text starting with ``=``, ``+``, ``-``, ``@``, TAB or
CR as a formula, so a harvested title like ``=HYPERLINK("http://evil","x")`` would become a
live link (or worse) in a district's spreadsheet: CSV injection. Following OWASP's guidance,
such text gets a leading single quote in CSV. In XLSX, every text cell is written as a string
cell (openpyxl stores text starting with ``=`` as a formula) and formula-like text also carries
Excel's quote-prefix flag, which is what typing a leading apostrophe does: the text reads as
written and stays text when edited. Numbers stay numbers: they cannot be formulas, and people
sort and sum them. Dates are date cells (shown as ``yyyy-mm-dd``) so they sort and filter as
dates; a partial date ("2019", "2019-05") has no day to be one and stays ISO text.

Every CSV and XLSX exporter writes its cells through this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_date(value) -> bool:
    return isinstance(value, dt.date)


def date_value(value):
    """A date (or datetime) for a date cell: ISO text of a whole day ("2026-07-01", or a
    timestamp) becomes one; partial dates ("2019-05"), empty or other text stay as they are."""
    if _is_date(value) or not isinstance(value, str) or len(value) < 10:
        return value
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return value


def _naive(value):
    """openpyxl refuses time zones: an aware datetime is written in UTC."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell: numbers as they are, ``None`` empty, text quote-prefixed if formula-like."""
    if _is_number(value):
        return value
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text


def csv_row(values: Iterable) -> list:
    return [csv_cell(v) for v in values]


def xlsx_append(sheet, values: Iterable) -> tuple:
    """Append one row to an openpyxl worksheet: numbers as numeric cells, dates as date cells,
    ``None`` empty, any other value as a string cell (quote-prefixed if formula-like). Returns
    the row's cells."""
    values = [_naive(v) if v is None or _is_number(v) or _is_date(v) else str(v) for v in values]
    sheet.append(values)
    row = sheet.max_row
    cells = tuple(sheet.cell(row=row, column=i) for i in range(1, len(values) + 1))
    for cell, value in zip(cells, values, strict=True):
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, str):
            cell.data_type = "s"
            if formula_like(value):
                cell.quotePrefix = True
    return cells


def guard_wagtail_csv_exports() -> None:
    """Neutralise the cells of Wagtail's own admin CSV exports (site history, page reports).

    Their ``SpreadsheetExportMixin`` writes CSV text as it is (its XLSX already forces string
    cells), and a harvested title reaches the site history as a log entry's label. Its row
    writer is replaced by one that passes every cell through ``csv_cell``; called once, from an
    app's ``ready``.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    SpreadsheetExportMixin.write_csv_row = write_csv_row
