#!/usr/bin/env python
"""Write harvesters/fixtures/oer_commons_demo.csv from ../shared/data (reproducible).

Keeps every record and column of the OER Commons export except the two long teacher-notes
columns, so the demo catalog ships in the repository (under 2 MB) for users without shared/,
and except OER Commons' own test and QA records (``is_test_record``): the demo is what a
teacher would see, and "QA4U 403 Test Lesson" is not teaching material.
"""

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared/data/oer-metadata/oer-commons/oer_commons_clean.csv"
TARGET = ROOT / "harvesters/fixtures/oer_commons_demo.csv"
DROPPED = {"TEACHER_MATERIALS", "TEACHER_LESSON_PREPARATION"}
# Test records in the export: QA4U is OER Commons' QA account; the others are placeholders
# whose overview was never written ("overview goes here"). Matched on the title or on the
# overview's text, so real titles that mention tests ("During a Test") stay.
TEST_TITLE = re.compile(r"\bQA4U\b|\btest lesson\b|^sample resource$", re.I)
TEST_OVERVIEW = re.compile(
    r"\bgoes here\b|text of the resource if needed|^test formatting\b|\blti ?1\.0\b"
    r"|^overview\W*title$",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")


def is_test_record(row: dict) -> bool:
    overview = _TAG.sub(" ", row.get("TEACHER_OVERVIEW") or "").strip()
    return bool(
        TEST_TITLE.search((row.get("NAME") or "").strip()) or TEST_OVERVIEW.search(overview)
    )


def main() -> int:
    if not SOURCE.exists():
        print(f"error: {SOURCE} not found (is ../shared beside the project?)", file=sys.stderr)
        return 1
    with SOURCE.open(encoding="utf-8", newline="") as src:
        reader = csv.DictReader(src, delimiter=";")
        fields = [f for f in reader.fieldnames if f not in DROPPED]
        kept = [row for row in reader if not is_test_record(row)]
        rows = [{f: row[f] for f in fields} for row in kept]
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} records, {TARGET.stat().st_size:,} bytes to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
