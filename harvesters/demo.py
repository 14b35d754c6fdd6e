"""Load the demo catalog: real K-12 records, each harvested through its real source type.

- OER Commons: the export shipped in harvesters/fixtures (test and QA records left out by
  scripts/make_demo_fixture.py), through a CSV source like any spreadsheet a state brings.
- PhET simulations: PhET's metadata API answer in ../shared/data, through a JSON API source
  (the built-in ``phet`` mapping) reading the file. Grade bands, CC BY, Common Core alignments.
- NSDL: the NSDL records of the Learning Registry as OAI-PMH ``nsdl_dc`` responses
  (harvesters/fixtures/nsdl, written by scripts/make_nsdl_fixture.py), harvested by the OAI-PMH
  source from the project's replay server, started on 127.0.0.1 for the load and stopped
  after it. The source is not scheduled: its address lives only as long as the load.
- OpenStax: the OpenStax CMS API listing in ../shared/data, through a JSON API source (the
  built-in ``openstax`` mapping) reading the file.

Sources whose file is missing (no ../shared beside the project) are skipped with a note.

Licences: 74 of the 100 NSDL records name no open licence ("Copyright 2009 …", a terms-of-use
page, or only NSDL's "Free access"). They load like any harvest does: kept (their harvested
alignments are real ground truth), shown as read-only ("All rights reserved" or "License
unknown"), never counted as open, refused by approved lists and by customizing, and their
unrecognised strings wait in the curators' licence review queue. The demo list takes only
openly licensed PhET simulations.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .models import HarvestSource, RunStatus
from .services.runs import harvest_source_run
from .services.sources import harvest_source_create
from .testing.replay import ReplayServer, add_oai_folder

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_CSV = FIXTURES / "oer_commons_demo.csv"
NSDL_FIXTURE = FIXTURES / "nsdl"
SHARED_DATA = Path(
    os.environ.get("OER_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
DEMO_SOURCE_KEY = "oer-commons-demo"


@dataclass(frozen=True)
class DemoSource:
    key: str
    type: str
    location: Path  # a file, or (OAI-PMH) a folder of recorded responses
    metadata_format: str


def demo_sources(shared: Path = SHARED_DATA) -> list[DemoSource]:
    metadata = shared / "oer-metadata"
    return [
        DemoSource(DEMO_SOURCE_KEY, "csv", DEMO_CSV, "oer_commons_csv"),
        DemoSource("phet-demo", "json-api", metadata / "phet/phet_data.json", "phet"),
        DemoSource("nsdl-demo", "oai-pmh", NSDL_FIXTURE, "nsdl_dc"),
        DemoSource("openstax-demo", "json-api", metadata / "openstax/all-books.json", "openstax"),
    ]


@contextlib.contextmanager
def _endpoint(spec: DemoSource) -> Iterator[str]:
    """Where the source harvests from: the file itself, or (OAI-PMH) a replay server over
    the recorded responses, for as long as the harvest takes."""
    if spec.type != "oai-pmh":
        yield str(spec.location)
        return
    with ReplayServer() as server:
        add_oai_folder(server, spec.location, spec.metadata_format)
        yield server.url


def _source(spec: DemoSource, url: str) -> HarvestSource:
    source = HarvestSource.objects.filter(name=spec.key).first()
    if source is None:
        return harvest_source_create(spec.key, spec.type, url, metadata_format=spec.metadata_format)
    if source.base_url != url or source.metadata_format != spec.metadata_format:
        source.base_url, source.metadata_format = url, spec.metadata_format
        source.save(update_fields=["base_url", "metadata_format"])
    return source


def demo_source_load(spec: DemoSource, *, progress: bool = False) -> tuple[Counter, str]:
    """Harvest one demo source; returns its counts and the run's message."""
    with _endpoint(spec) as url:
        source = _source(spec, url)
        bar = tqdm(desc=spec.key, unit="rec", disable=not progress)
        try:
            run = harvest_source_run(source, progress=lambda run, n: bar.update(n))
        finally:
            bar.close()
    if run.status == RunStatus.FAILED:
        raise ValueError(f"{spec.location}: {run.message}")
    return Counter({k: v for k, v in run.counts().items() if k != "seen"}), run.message


def demo_catalog_load(
    sources: list[DemoSource] | None = None, *, progress: bool = False
) -> dict[str, tuple[Counter, str]]:
    """Harvest every demo source whose data is present; returns, per source key, its counts
    and run message ("skipped: …" with empty counts when its file is missing)."""
    results = {}
    for spec in demo_sources() if sources is None else sources:
        if not spec.location.exists():
            results[spec.key] = (Counter(), f"skipped: {spec.location} not found")
            continue
        results[spec.key] = demo_source_load(spec, progress=progress)
    return results
