#!/usr/bin/env python
"""Write harvesters/fixtures/nsdl/ from ../shared/data (reproducible): OAI-PMH responses
(Identify, ListMetadataFormats and ListRecords pages for ``metadataPrefix=nsdl_dc``) built from
the NSDL records that the Learning Registry carried in its envelopes.

Each envelope's ``resource_data`` (one ``nsdl_dc`` XML record, byte for byte) becomes the
``<metadata>`` of one OAI ``<record>``. The envelopes carry no OAI header, so the header is
derived: the identifier is ``oai:nsdl.org:`` + the record's NSDL handle (``hdl:2200/…``),
and the datestamp is the record's ``dc:date``. The replay server (harvesters/testing/replay.py)
serves these files to the OAI-PMH harvester in tests and in the demo catalog.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared/data/oer-metadata/learning-registry-nsdl/nsdl_dc-data-000000000.json"
TARGET = ROOT / "harvesters/fixtures/nsdl"
PAGE_SIZE = 50
RESPONSE_DATE = "2011-07-01T00:00:00Z"  # the Learning Registry test data's time
BASE_URL = "http://127.0.0.1/oai"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
_HANDLE = re.compile(r"<dc:identifier[^>]*>\s*hdl:([^<\s]+)\s*</dc:identifier>")
_DATE = re.compile(r"<dc:date>\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")


def _datestamp(xml: str) -> str:
    match = _DATE.search(xml)
    value = match.group(1) if match else "2011-01-01"
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def _record(envelope: dict) -> str:
    xml = envelope["resource_data"].strip()
    handle = _HANDLE.search(xml)
    if handle is None:
        raise ValueError(f"{envelope.get('resource_locator')}: no NSDL handle")
    return (
        "    <record>\n      <header>\n"
        f"        <identifier>oai:nsdl.org:{escape(handle.group(1))}</identifier>\n"
        f"        <datestamp>{_datestamp(xml)}</datestamp>\n"
        "      </header>\n      <metadata>\n"
        f"{xml}\n"
        "      </metadata>\n    </record>\n"
    )


def _page(records: list[str], request: str, token: str | None, cursor: int, total: int) -> str:
    tail = (
        f'    <resumptionToken completeListSize="{total}" cursor="{cursor}">{token}'
        "</resumptionToken>\n"
        if token
        else f'    <resumptionToken completeListSize="{total}" cursor="{cursor}"/>\n'
    )
    return (
        f"{HEAD}  <responseDate>{RESPONSE_DATE}</responseDate>\n"
        f"  <request {request}>{BASE_URL}</request>\n  <ListRecords>\n"
        + "".join(records)
        + tail
        + "  </ListRecords>\n</OAI-PMH>\n"
    )


IDENTIFY = f"""{HEAD}  <responseDate>{RESPONSE_DATE}</responseDate>
  <request verb="Identify">{BASE_URL}</request>
  <Identify>
    <repositoryName>NSDL records from the Learning Registry (replayed)</repositoryName>
    <baseURL>{BASE_URL}</baseURL>
    <protocolVersion>2.0</protocolVersion>
    <adminEmail>nsdlsupport@nsdl.ucar.edu</adminEmail>
    <earliestDatestamp>1990-01-01</earliestDatestamp>
    <deletedRecord>no</deletedRecord>
    <granularity>YYYY-MM-DD</granularity>
  </Identify>
</OAI-PMH>
"""

FORMATS = f"""{HEAD}  <responseDate>{RESPONSE_DATE}</responseDate>
  <request verb="ListMetadataFormats">{BASE_URL}</request>
  <ListMetadataFormats>
    <metadataFormat>
      <metadataPrefix>nsdl_dc</metadataPrefix>
      <schema>http://ns.nsdl.org/schemas/nsdl_dc/nsdl_dc_v1.02.xsd</schema>
      <metadataNamespace>http://ns.nsdl.org/nsdl_dc_v1.02/</metadataNamespace>
    </metadataFormat>
  </ListMetadataFormats>
</OAI-PMH>
"""


def main() -> int:
    if not SOURCE.exists():
        print(f"error: {SOURCE} not found (is ../shared beside the project?)", file=sys.stderr)
        return 1
    envelopes = json.loads(SOURCE.read_text("utf-8"))["documents"]
    records = [_record(e) for e in envelopes if "nsdl_dc" in (e.get("payload_schema") or [])]
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "Identify.xml").write_text(IDENTIFY, "utf-8")
    (TARGET / "ListMetadataFormats.xml").write_text(FORMATS, "utf-8")
    pages = [records[i : i + PAGE_SIZE] for i in range(0, len(records), PAGE_SIZE)]
    for n, page in enumerate(pages, start=1):
        token = f"nsdl-page-{n + 1}" if n < len(pages) else None
        request = (
            'verb="ListRecords" metadataPrefix="nsdl_dc"'
            if n == 1
            else f'verb="ListRecords" resumptionToken="nsdl-page-{n}"'
        )
        body = _page(page, request, token, (n - 1) * PAGE_SIZE, len(records))
        (TARGET / f"ListRecords-{n}.xml").write_text(body, "utf-8")
    print(f"wrote {len(records)} records in {len(pages)} ListRecords pages to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
