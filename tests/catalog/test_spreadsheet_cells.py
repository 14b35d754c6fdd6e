"""Spreadsheet cells: formula-like text is neutralised (quote prefix in CSV, string cells with
the quote-prefix flag in XLSX); numbers and ordinary text are written as they are."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from catalog.spreadsheet_cells import csv_cell, csv_row, formula_like, xlsx_append


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil","x")', "+1+1", "-2", "@SUM(A1)", "\tfoo", "\rbar"]
)
def test_formula_like_text_is_prefixed_in_csv(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Fractions on a number line", "Fractions on a number line"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        (None, ""),
        (3, 3),
        (-2, -2),
        (Decimal("2.50"), Decimal("2.50")),
        (True, "True"),
    ],
)
def test_other_values_are_written_as_they_are(value, expected):
    assert csv_cell(value) == expected


def test_csv_row_maps_every_cell():
    assert csv_row([1, "=1", None]) == [1, "'=1", ""]


def test_xlsx_text_is_a_string_cell_and_numbers_stay_numeric():
    sheet = Workbook().active
    cells = xlsx_append(sheet, ["=1+1", "plain", 7, Decimal("2.5"), None])
    assert [c.data_type for c in cells[:4]] == ["s", "s", "n", "n"]
    assert cells[0].value == "=1+1" and cells[0].quotePrefix
    assert not cells[1].quotePrefix
    assert cells[4].value is None
    second = xlsx_append(sheet, ["@x"])
    assert second[0].row == 2 and second[0].data_type == "s"
