"""Load the demo catalog: the OER Commons records shipped in harvesters/fixtures."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from catalog.materials.services import material_upsert

from .normalizers.oer_commons_csv import REQUIRED_COLUMNS, RowError, normalize_row

DEMO_CSV = Path(__file__).resolve().parent / "fixtures" / "oer_commons_demo.csv"
DEMO_SOURCE_KEY = "oer-commons-demo"


def demo_catalog_load(path: Path = DEMO_CSV, *, progress: bool = False) -> Counter:
    """Upsert every row; returns counts of created / updated / unchanged / errors."""
    counts: Counter = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the columns {', '.join(missing)}")
        rows = list(reader)
    with transaction.atomic():
        for row in tqdm(rows, desc="demo catalog", unit="rec", disable=not progress):
            try:
                record = normalize_row(row)
            except RowError:
                counts["errors"] += 1
                continue
            counts[material_upsert(DEMO_SOURCE_KEY, record).outcome] += 1
    return counts
