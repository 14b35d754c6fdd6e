"""CSV rows: a stray delimiter never aborts the run, and an unclosed quote is reported at its
line instead of swallowing the rest of the file."""

import csv

import pytest

from catalog.materials.models import MaterialSource
from harvesters.models import RecordError, RunStatus
from harvesters.services import harvest_source_create, harvest_source_run

pytestmark = pytest.mark.django_db

HEADER = ["URL", "NAME", "LICENSE_URL"]
BY = "https://creativecommons.org/licenses/by/4.0"


def write_csv(tmp_path, header, rows, name="sheet.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _real_rows(shared_data, wanted_extra: int, plain: int):
    """Rows of the real OER Commons export: ``wanted_extra`` with non-empty cells past the
    header (the export has hundreds), then ``plain`` well-formed ones."""
    path = shared_data / "oer-metadata/oer-commons/oer_commons_clean.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        header = next(reader)
        extra, regular = [], []
        for row in reader:
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                if len(extra) < wanted_extra:
                    extra.append(row)
            elif len(row) == len(header) and len(regular) < plain:
                regular.append(row)
            if len(extra) == wanted_extra and len(regular) == plain:
                break
    return header, extra, regular


def test_real_rows_with_extra_cells_import_with_a_warning_each(tmp_path, shared_data):
    header, extra, regular = _real_rows(shared_data, wanted_extra=5, plain=10)
    empty_extra = [regular[0][0] + "?stray", *regular[0][1:], "", "", ""]  # stray ";;;"
    path = write_csv(tmp_path, header, [*extra, *regular, empty_extra])
    source = harvest_source_create("oer-commons-export", "csv", str(path))
    run = harvest_source_run(source)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert (run.seen, run.created, run.errors, run.warnings) == (16, 16, 0, 5)
    warnings = RecordError.objects.filter(run=run, level=RecordError.WARNING)
    assert sorted(w.identifier for w in warnings) == sorted(row[0] for row in extra)
    assert all("beyond the 17 columns were ignored" in w.message for w in warnings)
    assert MaterialSource.objects.filter(source_key="oer-commons-export").count() == 16


def test_an_unclosed_quote_is_reported_at_its_line_and_the_rest_imports(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(
        "URL;NAME;LICENSE_URL\n"
        f"https://example.org/1;One;{BY}\n"
        f'https://example.org/2;"Two, never closed;{BY}\n'
        f"https://example.org/3;Three;{BY}\n"
        f"https://example.org/4;Four;{BY}\n",
        encoding="utf-8",
    )
    source = harvest_source_create("broken", "csv", str(path))
    run = harvest_source_run(source)
    assert run.status == RunStatus.PARTIAL
    assert (run.created, run.errors) == (3, 1)
    error = RecordError.objects.get(run=run)
    assert error.stage == "gather" and error.identifier == "line 3"
    assert "never closed" in error.message
    urls = set(MaterialSource.objects.values_list("remote_id", flat=True))
    assert urls == {"https://example.org/1", "https://example.org/3", "https://example.org/4"}


def test_short_rows_and_blank_lines_are_fine(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        f"URL;NAME;LICENSE_URL;SUBJECTS\nhttps://example.org/1;One;{BY}\n\n", encoding="utf-8"
    )
    run = harvest_source_run(harvest_source_create("short", "csv", str(path)))
    assert (run.status, run.created, run.errors, run.warnings) == (RunStatus.SUCCEEDED, 1, 0, 0)
