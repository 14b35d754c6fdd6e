"""Load the demo catalog: the OER Commons records shipped in harvesters/fixtures, harvested
through a CSV ``HarvestSource`` like any spreadsheet a state brings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tqdm import tqdm

from .models import HarvestSource, RunStatus, SourceType
from .services import harvest_source_create, harvest_source_run

DEMO_CSV = Path(__file__).resolve().parent / "fixtures" / "oer_commons_demo.csv"
DEMO_SOURCE_KEY = "oer-commons-demo"


def demo_catalog_load(path: Path = DEMO_CSV, *, progress: bool = False) -> Counter:
    """Harvest the demo CSV; returns counts of created / updated / unchanged / errors."""
    source = HarvestSource.objects.filter(name=DEMO_SOURCE_KEY).first()
    if source is None:
        source = harvest_source_create(DEMO_SOURCE_KEY, SourceType.CSV, str(path))
    elif source.base_url != str(path):
        source.base_url = str(path)
        source.save(update_fields=["base_url"])
    bar = tqdm(desc="demo catalog", unit="rec", disable=not progress)
    try:
        run = harvest_source_run(source, progress=lambda run, n: bar.update(n))
    finally:
        bar.close()
    if run.status == RunStatus.FAILED:
        raise ValueError(f"{path}: {run.message}")
    return Counter({k: v for k, v in run.counts().items() if k != "seen"})
