"""XLSX exports of a published list: dates are date cells and numbers numeric cells, so a
district can sort and filter them; partial dates stay ISO text."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from catalog.lists.models import Decision
from catalog.lists.services.versions import list_publish
from catalog.spreadsheet_cells import date_value, xlsx_append

from .flow import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"], tier="Tier 1")
    approve(
        curator,
        [reviewer],
        list_page,
        materials["by-nc"],
        decision=Decision.APPROVED_WITH_CONDITIONS,
        conditions="Use the 2nd edition",
    )
    return list_publish(curator, list_page)


def test_xlsx_dates_are_dates_and_numbers_are_numbers(client, list_page, published, materials):
    response = client.get(f"{list_page.url}export/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    entries = workbook["Entries"]
    header = [c.value for c in entries[1]]
    rows = [dict(zip(header, row, strict=True)) for row in entries.iter_rows(min_row=2)]
    by = next(r for r in rows if r["Registry ID"].value == materials["by"].pk)
    assert by["Registry ID"].data_type == "n"
    assert by["Rubric rating (0-3)"].data_type == "n" and by["Rubric rating (0-3)"].value > 0
    review = by["Review date"]
    assert review.is_date and review.number_format == "yyyy-mm-dd"
    csv_rows = csv.DictReader(io.StringIO(client.get(f"{list_page.url}export/csv/").text))
    in_csv = next(r for r in csv_rows if r["Registry ID"] == str(materials["by"].pk))
    assert review.value.date() == dt.date.fromisoformat(in_csv["Review date"])
    about = {row[0].value: row[1] for row in workbook["About"].iter_rows()}
    assert about["Published"].is_date
    assert about["Published"].value.date() == published.published_at.date()
    effective = about["Effective"]
    assert effective.is_date and effective.value.date() == list_page.effective_date
    assert about["Version"].data_type == "n" and about["Version"].value == 1


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-07-01", dt.date(2026, 7, 1)),
        ("2026-07-01T10:30:00+00:00", dt.datetime(2026, 7, 1, 10, 30, tzinfo=dt.UTC)),
        ("2019-05", "2019-05"),  # partial: no day, stays ISO text
        ("2019", "2019"),
        ("", ""),
        ("not a date at all", "not a date at all"),
    ],
)
def test_date_value(value, expected):
    assert date_value(value) == expected


def test_xlsx_append_writes_date_cells_and_partial_dates_as_text():
    sheet = Workbook().active
    aware = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    cells = xlsx_append(sheet, [dt.date(2026, 7, 1), aware, "2019-05", 3])
    assert cells[0].is_date and cells[0].number_format == "yyyy-mm-dd"
    assert cells[1].is_date and cells[1].value == dt.datetime(2026, 7, 1, 10, 0)
    assert cells[2].data_type == "s" and cells[2].value == "2019-05"
    assert cells[3].data_type == "n"
