"""Size limits per record and per field, end to end: an outsize record is a per-record error
and the rest of its page is imported; what cannot be held fails the run as too large."""

import json

import pytest

from harvesters.models import RecordError, RunStatus
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.replay import Reply

from .conftest import FIXTURES, no_sleep

pytestmark = pytest.mark.django_db

PAGE_TWO = FIXTURES / "lom" / "ListRecords-2.xml"
FIRST_DESCRIPTION = b"This resource is an overview of the OER Commons platform"


def _page_two_with(text: bytes) -> bytes:
    """Page two, its first record's description replaced by ``text``."""
    data = PAGE_TWO.read_bytes()
    assert FIRST_DESCRIPTION in data
    return data.replace(FIRST_DESCRIPTION, text, 1)


def _source(server, **config):
    return harvest_source_create(
        "oer-lom", "oai-pmh", server.url, metadata_format="lom", config=config
    )


def test_an_oversize_record_is_a_per_record_error_and_the_page_goes_on(lom_server):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with(b"x" * 300_000)),
    )
    run = harvest_source_run(_source(lom_server, max_record_bytes=100_000), sleep=no_sleep)
    assert run.status == RunStatus.PARTIAL, run.message
    assert (run.seen, run.created, run.errors) == (30, 29, 1)
    error = RecordError.objects.get()
    assert error.stage == "fetch" and "too large" in error.message and error.identifier


def test_an_oversize_field_is_a_per_record_error(lom_server):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with("é".encode() * 60_000)),
    )
    run = harvest_source_run(_source(lom_server, max_field_bytes=100_000), sleep=no_sleep)
    assert (run.status, run.created, run.errors) == (RunStatus.PARTIAL, 29, 1)
    assert "field <string> too large" in RecordError.objects.get().message


def test_a_text_node_over_10_mb_fails_the_run_as_too_large_without_retries(lom_server):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with(b"x" * (11 * 1024 * 1024))),
    )
    run = harvest_source_run(_source(lom_server, max_record_bytes=50_000_000), sleep=no_sleep)
    assert run.status == RunStatus.FAILED
    assert "ResponseTooLarge" in run.message and "text node too large" in run.message
    asked = [r for r in lom_server.requests if r["params"].get("resumptionToken")]
    assert len(asked) == 1  # the same page would be as large again


def test_json_items_over_the_record_limit_are_per_record_errors(replay):
    items = [{"id": f"https://example.org/{k}", "name": f"Item {k}"} for k in range(3)]
    items[1]["description"] = "x" * 300_000
    replay.add({}, Reply(json.dumps({"items": items}).encode()))
    source = harvest_source_create(
        "api",
        "json-api",
        replay.base() + "/api",
        metadata_format="jsonld",
        config={"items_key": "items", "id_key": "id", "max_record_bytes": 100_000},
    )
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.seen == 3, run.message
    error = RecordError.objects.get(stage="fetch")  # the others are only normalized
    assert error.identifier == "https://example.org/1" and "too large" in error.message
