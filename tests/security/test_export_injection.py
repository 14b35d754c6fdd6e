"""CSV / formula injection: approved-list CSV and XLSX exports and teacher-collection CSV exports
never hand a spreadsheet a formula taken from data. CSV text starting with = + - @ TAB or CR is
prefixed with a single quote; XLSX text is always a string cell (quote-prefixed when it looks
like a formula), while real numbers stay numeric cells."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from catalog.lists.services.versions import list_publish
from catalog.materials.models import Material
from catalog.materials.services import material_upsert
from catalog.teachers import services as teacher_services
from tests.catalog.lists.conftest import (  # noqa: F401
    curator,
    demo_records,
    list_page,
    load_license_registry,
    reviewer,
    roles,
    teacher,
)
from tests.catalog.lists.flow import approve

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2", "@SUM(A1)", "\tfoo", "\rbar"]


@pytest.fixture
def evil_materials(db):
    """Six real demo materials whose title, description, publisher and author are payloads
    (written straight to the table, as a harvest of a hostile source could)."""
    load_license_registry()
    records = [r for recs in demo_records(per_license=2).values() for r in recs][: len(PAYLOADS)]
    out = []
    for record, payload in zip(records, PAYLOADS, strict=True):
        material = material_upsert("oer-commons-demo", record).material
        Material.objects.filter(pk=material.pk).update(
            title=payload, description=payload, publisher=payload, authors=[payload]
        )
        material.refresh_from_db()
        out.append(material)
    return out


@pytest.fixture
def evil_list(curator, reviewer, list_page, evil_materials):  # noqa: F811
    for material, payload in zip(evil_materials, PAYLOADS, strict=True):
        approve(curator, [reviewer], list_page, material, tier=payload, public_rationale=payload)
    list_page.subject = "=1+1"
    list_page.save()
    list_publish(curator, list_page)
    return list_page


def _escaped(payload: str) -> str:
    return "'" + payload


def test_list_csv_prefixes_formula_like_cells(client, evil_list, evil_materials):
    response = client.get(f"{evil_list.url}export/csv/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))
    by_id = {r["Registry ID"]: r for r in rows}
    for material, payload in zip(evil_materials, PAYLOADS, strict=True):
        row = by_id[str(material.pk)]
        for column in ("Title", "Publisher", "Authors", "Tier", "Rationale"):
            assert row[column] == _escaped(payload), (column, payload)
        assert row["Rubric rating (0-3)"] == "3.00"  # a number, written as it is
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_list_xlsx_holds_text_cells_never_formulas(client, evil_list, evil_materials):
    response = client.get(f"{evil_list.url}export/xlsx/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    entries = workbook["Entries"]
    header = [c.value for c in entries[1]]
    title, rating, registry_id = (
        header.index("Title"),
        header.index("Rubric rating (0-3)"),
        header.index("Registry ID"),
    )
    by_title = {row[title].value: row for row in entries.iter_rows(min_row=2)}
    for material, payload in zip(evil_materials, PAYLOADS, strict=True):
        row = by_title[payload]
        cell = row[title]
        assert cell.data_type == "s" and cell.value == payload and cell.quotePrefix
        assert row[registry_id].data_type == "n" and row[registry_id].value == material.pk
        assert row[rating].data_type == "n" and row[rating].value == 3
    about = {row[0].value: row[1] for row in workbook["About"].iter_rows()}
    assert about["Subject"].data_type == "s" and about["Subject"].value == "=1+1"
    assert about["Version"].data_type == "n"


def test_collection_csv_prefixes_formula_like_cells(client, teacher, evil_materials):  # noqa: F811
    collection = teacher_services.collection_create(teacher, title="Unit", visibility="public")
    for material, payload in zip(evil_materials, PAYLOADS, strict=True):
        teacher_services.collection_add_material(collection, material, payload)
    response = client.get(f"/collections/{collection.token}/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert [r["title"] for r in rows] == [_escaped(p) for p in PAYLOADS]
    assert [r["note"] for r in rows] == [_escaped(p) for p in PAYLOADS]
    assert [r["position"] for r in rows] == [str(i) for i in range(1, len(PAYLOADS) + 1)]


def test_wagtail_site_history_csv_prefixes_harvested_titles(client, evil_materials):
    """Wagtail's own admin reports export CSV too; a harvested title reaches the site history
    as the label of a log entry."""
    from django.contrib.auth import get_user_model
    from wagtail.log_actions import log

    admin = get_user_model().objects.create_superuser("ada", "ada@example.org", "pw-Str0ng-42!")
    for material in evil_materials:
        log(instance=material, action="wagtail.edit", user=admin)
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert sorted(r["Name"] for r in rows) == sorted(_escaped(p) for p in PAYLOADS)
