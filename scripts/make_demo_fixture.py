#!/usr/bin/env python
"""Write harvesters/fixtures/oer_commons_demo.csv from ../shared/data (reproducible).

Keeps every record and column of the OER Commons export except the two long teacher-notes
columns, so the demo catalog ships in the repository (under 2 MB) for users without shared/.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared/data/oer-metadata/oer-commons/oer_commons_clean.csv"
TARGET = ROOT / "harvesters/fixtures/oer_commons_demo.csv"
DROPPED = {"TEACHER_MATERIALS", "TEACHER_LESSON_PREPARATION"}


def main() -> int:
    if not SOURCE.exists():
        print(f"error: {SOURCE} not found (is ../shared beside the project?)", file=sys.stderr)
        return 1
    with SOURCE.open(encoding="utf-8", newline="") as src:
        reader = csv.DictReader(src, delimiter=";")
        fields = [f for f in reader.fieldnames if f not in DROPPED]
        rows = [{f: row[f] for f in fields} for row in reader]
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} records, {TARGET.stat().st_size:,} bytes to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
