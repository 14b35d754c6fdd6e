"""Hostile harvest sources, end to end: a gzip bomb, a server that drips one byte at a time, and
a resumptionToken that never changes. Each run ends, failed, with the reason in its message."""

import gzip

import pytest

from harvesters.models import RunStatus
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.replay import ReplayServer, Reply

pytestmark = pytest.mark.django_db

IDENTIFY = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z
</responseDate><Identify><repositoryName>hostile</repositoryName><baseURL>x</baseURL>
<protocolVersion>2.0</protocolVersion><earliestDatestamp>2000-01-01</earliestDatestamp>
<deletedRecord>no</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>"""
FORMATS = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z
</responseDate><ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
</metadataFormat></ListMetadataFormats></OAI-PMH>"""
LOOPING_PAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z
</responseDate><ListRecords><resumptionToken>same</resumptionToken></ListRecords></OAI-PMH>"""


@pytest.fixture
def hostile():
    with ReplayServer() as server:
        server.add({"verb": "Identify"}, Reply(IDENTIFY))
        server.add({"verb": "ListMetadataFormats"}, Reply(FORMATS))
        yield server


def _run(server, **config):
    config = {"retries": 0, **config}
    source = harvest_source_create("hostile", "oai-pmh", server.url, config=config)
    return harvest_source_run(source, sleep=lambda s: None)


def test_a_gzip_bomb_fails_the_run_as_too_large(hostile):
    bomb = gzip.compress(b" " * (50 * 1024 * 1024), compresslevel=9)
    hostile.add({"verb": "ListRecords"}, Reply(bomb, headers={"Content-Encoding": "gzip"}))
    run = _run(hostile, max_decompressed_bytes=1024 * 1024)
    assert run.status == RunStatus.FAILED
    assert "ResponseTooLarge" in run.message and "decompressed" in run.message


def test_a_slow_drip_fails_the_run_at_the_response_deadline(hostile):
    hostile.add({"verb": "ListRecords"}, Reply(LOOPING_PAGE))
    hostile.fail_next("drip", delay=0.3, when={"verb": "ListRecords"})
    run = _run(hostile, response_deadline=1)
    assert run.status == RunStatus.FAILED and "deadline" in run.message


def test_a_token_that_never_changes_ends_the_run(hostile):
    hostile.add({"verb": "ListRecords"}, Reply(LOOPING_PAGE))
    run = _run(hostile)
    assert run.status == RunStatus.FAILED and "ProtocolLoop" in run.message
    assert len([r for r in hostile.requests if r["params"].get("verb") == "ListRecords"]) == 2
