"""Paging that would never end: repeated resumptionTokens, endless empty pages, JSON next links
that come back and servers that ignore the offset. Each fails the run with a clear reason."""

import json

import pytest

from harvesters.models import RunStatus
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.replay import Reply

from .conftest import FIXTURES, no_sleep

pytestmark = pytest.mark.django_db

EMPTY_PAGE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    "<responseDate>2026-11-20T10:00:00Z</responseDate><ListRecords>"
    "<resumptionToken>{token}</resumptionToken></ListRecords></OAI-PMH>"
)


def _page_two_with_token(token: str) -> bytes:
    data = (FIXTURES / "lom" / "ListRecords-2.xml").read_bytes()
    return data.replace(
        b'completeListSize="30"></resumptionToken>',
        f'completeListSize="30">{token}</resumptionToken>'.encode(),
    )


def _lom_source(server, **config):
    return harvest_source_create(
        "oer-lom", "oai-pmh", server.url, metadata_format="lom", config=config
    )


def _lom_source_named(server):
    from harvesters.models import HarvestSource

    return HarvestSource.objects.get(name="oer-lom")


def test_a_resumption_token_that_comes_back_fails_the_run(lom_server):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with_token("lom-page-2")),
    )
    run = harvest_source_run(_lom_source(lom_server), sleep=no_sleep)
    assert run.status == RunStatus.FAILED
    assert "ProtocolLoop" in run.message and "'lom-page-2' again" in run.message
    assert run.seen == 30  # both pages were harvested before the loop showed
    # The next run lists afresh instead of resuming at the token that loops.
    assert "token" not in run.checkpoint
    before = len(lom_server.requests)
    again = harvest_source_run(_lom_source_named(lom_server), sleep=no_sleep)
    assert again.resumed_from is None
    lists = [r for r in lom_server.requests[before:] if r["params"].get("verb") == "ListRecords"]
    assert "resumptionToken" not in lists[0]["params"]
    assert lists[0]["params"]["metadataPrefix"] == "lom"


def test_a_token_from_further_back_also_counts_as_a_loop(lom_server):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with_token("page-3")),
    )
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "page-3"},
        Reply(EMPTY_PAGE.format(token="lom-page-2").encode()),
    )
    run = harvest_source_run(_lom_source(lom_server), sleep=no_sleep)
    assert run.status == RunStatus.FAILED and "ProtocolLoop" in run.message


def _empty_pages(server, n: int) -> None:
    """Page two hands out ``empty-1``; ``n`` empty pages with fresh tokens, then the end."""
    server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(_page_two_with_token("empty-1")),
    )
    for k in range(1, n + 1):
        following = EMPTY_PAGE.format(token=f"empty-{k + 1}" if k < n else "").encode()
        server.add({"verb": "ListRecords", "resumptionToken": f"empty-{k}"}, Reply(following))


def test_a_few_empty_pages_with_fresh_tokens_are_allowed(lom_server):
    _empty_pages(lom_server, 3)
    run = harvest_source_run(_lom_source(lom_server, max_empty_pages=3), sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.seen == 30


def test_more_empty_pages_than_allowed_fail_the_run(lom_server):
    _empty_pages(lom_server, 20)
    run = harvest_source_run(_lom_source(lom_server, max_empty_pages=3), sleep=no_sleep)
    assert run.status == RunStatus.FAILED
    assert "4 list pages in a row with no records" in run.message
    asked = [r["params"].get("resumptionToken") for r in lom_server.requests]
    assert "empty-5" not in asked


def _items(n0: int, n: int) -> list[dict]:
    return [{"id": f"item-{k}", "name": f"Item {k}"} for k in range(n0, n0 + n)]


def _json(data) -> bytes:
    return json.dumps(data).encode()


def _json_source(server, **config):
    base = {"items_key": "items", "id_key": "id", **config}
    return harvest_source_create(
        "api", "json-api", server.base() + "/api", metadata_format="jsonld", config=base
    )


def test_a_next_link_that_comes_back_fails_the_run(replay):
    replay.add({}, Reply(_json({"items": _items(0, 2), "next": replay.base() + "/api?p=2"})))
    replay.add(
        {"p": "2"}, Reply(_json({"items": _items(2, 2), "next": replay.base() + "/api?p=2"}))
    )
    run = harvest_source_run(_json_source(replay, next_key="next"), sleep=no_sleep)
    assert run.status == RunStatus.FAILED
    assert "ProtocolLoop" in run.message and "came back again" in run.message
    assert len(replay.requests) == 2


def test_a_server_that_ignores_the_offset_fails_the_run(replay):
    replay.add({}, Reply(_json({"items": _items(0, 5)})))
    run = harvest_source_run(_json_source(replay, page_size=5), sleep=no_sleep)
    assert run.status == RunStatus.FAILED and "ignores the offset" in run.message
    assert len(replay.requests) == 2
