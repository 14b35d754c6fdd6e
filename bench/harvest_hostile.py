"""Peak memory of a harvest against hostile OAI-PMH responses.

    .venv/bin/python bench/harvest_hostile.py                 # every case
    .venv/bin/python bench/harvest_hostile.py text50 gzip900  # some of them

The replay server runs in this process; each case runs the OAI gatherer (HTTP, decoding,
spooling, streaming parse, per-record limits) and the oai_dc normalizer over every record it
yields, in a process of its own, and prints how it ended and its peak RSS
(``resource.getrusage``), and the RSS before the harvest started (Django and
the libraries loaded). No database: the stages that follow hold at most one chunk of
records under the record limit.

Cases: ``text50`` one record with a 50 MB text node among two small ones; ``record3`` one 3 MB
record (over the 2 MB record limit) among small ones; ``gzip900`` 900 MB of whitespace, gzipped
(about 1 MB as sent), with the default limits; ``gzip900-open`` the same with the decompressed
limit raised to 1 GB, so the whole body is decoded, spooled and parsed.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    "<responseDate>2026-01-01T00:00:00Z</responseDate>"
)
IDENTIFY = (
    HEAD + "<Identify><repositoryName>hostile</repositoryName><baseURL>x</baseURL>"
    "<protocolVersion>2.0</protocolVersion><earliestDatestamp>2000-01-01</earliestDatestamp>"
    "<deletedRecord>no</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>"
)
FORMATS = (
    HEAD + "<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>"
    "</metadataFormat></ListMetadataFormats></OAI-PMH>"
)
RECORD = (
    "<record><header><identifier>oai:hostile:{n}</identifier><datestamp>2026-01-01</datestamp>"
    '</header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Record {n}</dc:title>'
    "<dc:identifier>https://example.org/{n}</dc:identifier>"
    "<dc:description>{text}</dc:description></oai_dc:dc></metadata></record>"
)
CASES = ("text50", "record3", "gzip900", "gzip900-open")


def _page(big: int) -> bytes:
    records = [RECORD.format(n=n, text="x" * big if n == 1 else "small") for n in range(3)]
    return (HEAD + "<ListRecords>" + "".join(records) + "</ListRecords></OAI-PMH>").encode()


def _gzip_whitespace(path: Path, size: int) -> None:
    """``size`` bytes of spaces, gzipped, written a megabyte at a time."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * MB
    with path.open("wb") as fh:
        for _ in range(size // MB):
            fh.write(z.compress(block))
        fh.write(z.flush())


def _serve(case: str, folder: Path):
    from harvesters.testing.replay import ReplayServer, Reply

    server = ReplayServer()
    server.start()
    server.add({"verb": "Identify"}, Reply(IDENTIFY.encode()))
    server.add({"verb": "ListMetadataFormats"}, Reply(FORMATS.encode()))
    if case == "text50":
        server.add({"verb": "ListRecords"}, Reply(_page(50 * MB)))
    elif case == "record3":
        server.add({"verb": "ListRecords"}, Reply(_page(3 * MB)))
    else:
        path = folder / "whitespace.gz"
        _gzip_whitespace(path, 900 * MB)
        server.add(
            {"verb": "ListRecords"}, Reply(path.read_bytes(), headers={"Content-Encoding": "gzip"})
        )
    return server


def _child(case: str, url: str) -> None:
    from harvesters.normalizers import oai_dc
    from harvesters.normalizers.errors import NormalizeError
    from harvesters.policy import HarvestPolicy
    from harvesters.sources import RawItem
    from harvesters.sources.oai import OaiGatherer

    limits = {"max_decompressed_bytes": 1024 * MB} if case == "gzip900-open" else {}
    policy = HarvestPolicy(requests_per_second=0, retries=0, **limits)
    source = SimpleNamespace(
        name=case,
        base_url=url,
        metadata_format="oai_dc",
        config={},
        set_spec="",
        last_response_date="",
        granularity="",
        deleted_record="",
    )
    gatherer = OaiGatherer(source, {}, full=True, policy=policy)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    records = refused = 0
    try:
        gatherer.prepare()
        for event in gatherer:
            if not isinstance(event, RawItem):
                continue
            if event.error:
                refused += 1
                continue
            records += 1
            with contextlib.suppress(NormalizeError, ValueError):
                oai_dc.normalize(event.payload)
        outcome = "finished"
    except Exception as exc:  # noqa: BLE001 - the outcome is what is measured
        outcome = f"{type(exc).__name__}: {str(exc)[:160]}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "case": case,
                "records": records,
                "refused": refused,
                "outcome": outcome,
                "peak_rss_mb": round(peak),
                "before_harvest_mb": round(baseline),
            }
        )
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2])
        return
    for case in argv or CASES:
        with tempfile.TemporaryDirectory() as folder:
            server = _serve(case, Path(folder))
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", case, server.url],
                    capture_output=True,
                    text=True,
                    check=False,
                )
            finally:
                server.stop()
        print(out.stdout.strip() or out.stderr.strip()[-2000:])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:  # the normalizers import catalog models
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")
        django.setup()
    main(sys.argv[1:])
