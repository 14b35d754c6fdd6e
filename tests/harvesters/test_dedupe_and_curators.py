"""Across sources: the same records from two sources are one material; curators win."""

import csv

import pytest

from catalog.materials.models import Material, MaterialSource
from catalog.materials.services import material_mark_reviewed
from harvesters.demo import DEMO_CSV
from harvesters.models import RunStatus
from harvesters.services import harvest_source_create, harvest_source_run

from .conftest import no_sleep

pytestmark = pytest.mark.django_db


def _csv_of_first_rows(tmp_path, n=30, edit=None):
    with DEMO_CSV.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        rows = [r for r in reader if r["NAME"].strip()][:n]
        fields = reader.fieldnames
    if edit:
        rows = [edit(dict(r)) for r in rows]
    path = tmp_path / "state.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_same_records_from_lom_and_csv_are_one_material_each(lom_server, tmp_path):
    lom = harvest_source_create("oer-lom", "oai-pmh", lom_server.url, metadata_format="lom")
    sheet = harvest_source_create(
        "state-sheet", "csv", str(_csv_of_first_rows(tmp_path)), priority=10
    )
    assert harvest_source_run(lom, sleep=no_sleep).created == 30
    run = harvest_source_run(sheet, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED and (run.created, run.updated) == (0, 30)
    assert Material.objects.count() == 30 and MaterialSource.objects.count() == 60
    material = Material.objects.get(url="https://oercommons.org/courseware/lesson/10121/overview")
    assert sorted(material.sources.values_list("source_key", flat=True)) == [
        "oer-lom",
        "state-sheet",
    ]
    # The CSV has a higher priority, and it carries educational use that LOM lacks here.
    assert material.educational_use == ["professional-development"]


def test_higher_priority_source_wins_per_field(lom_server, tmp_path):
    sheet = harvest_source_create(
        "state-sheet",
        "csv",
        str(_csv_of_first_rows(tmp_path, edit=lambda r: {**r, "NAME": r["NAME"] + " [state]"})),
        priority=10,
    )
    lom = harvest_source_create("oer-lom", "oai-pmh", lom_server.url, metadata_format="lom")
    harvest_source_run(sheet, sleep=no_sleep)
    harvest_source_run(lom, sleep=no_sleep)
    assert Material.objects.count() == 30
    assert all(t.endswith("[state]") for t in Material.objects.values_list("title", flat=True))


def test_curator_edit_survives_reharvest_and_approved_material_is_flagged(tmp_path):
    path = _csv_of_first_rows(tmp_path)
    source = harvest_source_create("state-sheet", "csv", str(path))
    harvest_source_run(source)
    material = Material.objects.get(url="https://oercommons.org/courseware/lesson/10121/overview")
    material.overrides = {"title": "Curated title"}
    material.save()
    material_mark_reviewed(material)

    def change(row):
        if row["URL"] == material.url:
            row["NAME"] = "Harvested new title"
            row["LICENSE_URL"] = "https://creativecommons.org/licenses/by/4.0/"
        return row

    _csv_of_first_rows(tmp_path, edit=change)
    run = harvest_source_run(source)
    assert run.updated == 1 and run.unchanged == 29
    material.refresh_from_db()
    assert material.effective("title") == "Curated title"
    assert material.pending_harvested() == {"title": "Harvested new title"}
    assert material.needs_rereview and "license_raw" in material.rereview_reason


def test_missing_rows_are_withdrawn_after_n_complete_runs(tmp_path):
    source = harvest_source_create("state-sheet", "csv", str(_csv_of_first_rows(tmp_path, n=5)))
    source.missing_runs_to_withdraw = 2
    source.save()
    harvest_source_run(source)
    _csv_of_first_rows(tmp_path, n=4)
    assert harvest_source_run(source).withdrawn == 0
    assert harvest_source_run(source).withdrawn == 1
    assert Material.objects.filter(status="withdrawn").count() == 1
    _csv_of_first_rows(tmp_path, n=5)
    back = harvest_source_run(source)
    assert back.updated == 1 and not Material.objects.filter(status="withdrawn").exists()


def test_xlsx_in_the_oer_commons_shape(tmp_path):
    from openpyxl import Workbook

    with DEMO_CSV.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        rows = [next(reader) for _ in range(5)]
    book = Workbook()
    sheet = book.active
    sheet.append(reader.fieldnames)
    for row in rows:
        sheet.append([row[f] for f in reader.fieldnames])
    path = tmp_path / "list.xlsx"
    book.save(path)
    run = harvest_source_run(harvest_source_create("xlsx", "csv", str(path)))
    assert run.status == RunStatus.SUCCEEDED and run.created == 5
