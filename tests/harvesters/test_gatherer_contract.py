"""One contract for every registered harvester type: the same expectations, run against each
gatherer over real data served by the local replay server.

A gatherer yields ``RawItem``s with remote ids and payloads and ends with a ``Checkpoint``;
after a full listing it says it saw the complete list and gives a response date that is
either empty or a datestamp; it hands the run's ``tick`` to its HTTP client (a
``Retry-After`` wait on its first request calls it); its payloads normalize to
``MaterialRecord``s with http(s) URLs; and a second run of the same source creates nothing.
A new type registered without a case here fails ``test_every_registered_type_has_a_case``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from harvesters.demo import DEMO_CSV
from harvesters.models import RunStatus
from harvesters.normalizers.errors import NormalizeError
from harvesters.normalizers.registry import normalizer_for
from harvesters.policy import source_policy
from harvesters.services.runs import harvest_source_run
from harvesters.services.sources import harvest_source_create
from harvesters.sources import Checkpoint, RawItem, gatherer_for, gatherers
from harvesters.testing.replay import Reply

from .conftest import add_lom_feed, no_sleep

pytestmark = pytest.mark.django_db
DATESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")


@dataclass(frozen=True)
class Case:
    type: str
    metadata_format: str
    serve: Callable  # (replay, shared_data) -> the source's base URL
    dated: bool = False  # the source dates its answers (OAI-PMH responseDate)


def _oai_lom(replay, shared_data) -> str:
    return add_lom_feed(replay).url


def _csv_demo(replay, shared_data) -> str:
    replay.add({}, Reply(DEMO_CSV, content_type="text/csv"), path="/demo.csv")
    return replay.base() + "/demo.csv"


def _json_file(relative: str, path: str):
    def serve(replay, shared_data) -> str:
        reply = Reply(shared_data / relative, content_type="application/json")
        replay.add({}, reply, path=path)
        return replay.base() + path

    return serve


CASES = [
    Case("oai-pmh", "lom", _oai_lom, dated=True),
    Case("csv", "oer_commons_csv", _csv_demo),
    Case("json-api", "phet", _json_file("oer-metadata/phet/phet_data.json", "/phet")),
    Case("json-api", "openstax", _json_file("oer-metadata/openstax/all-books.json", "/books")),
    Case(
        "jsonld", "jsonld", _json_file("oer-metadata/lrmi/lrmi_examples/LRexample01.jsonld", "/ld")
    ),
]


def test_every_registered_type_has_a_case():
    assert {case.type for case in CASES} == set(gatherers())


def test_every_type_declares_formats_its_normalizers_read():
    for cls in gatherers().values():
        assert cls.default_format in cls.formats
        for fmt in cls.formats:
            normalizer_for(fmt)  # raises NormalizeError for a format nobody reads


@pytest.fixture(params=CASES, ids=lambda c: f"{c.type}:{c.metadata_format}")
def case_source(request, replay, shared_data):
    case = request.param
    url = case.serve(replay, shared_data)
    source = harvest_source_create(
        f"contract-{case.type}-{case.metadata_format}".replace("_", "-"),
        case.type,
        url,
        metadata_format=case.metadata_format,
    )
    return case, source


def test_a_gatherer_keeps_the_contract(case_source, replay):
    case, source = case_source
    replay.fail_next("status", status=503, retry_after="2")  # the first request must wait
    ticks = []
    gatherer = gatherer_for(case.type)(
        source,
        {},
        full=True,
        policy=source_policy(source),
        sleep=no_sleep,
        tick=lambda: ticks.append(1),
    )
    gatherer.prepare()
    events = list(gatherer)

    items = [e for e in events if isinstance(e, RawItem)]
    assert items and all(isinstance(e, RawItem | Checkpoint) for e in events)
    assert isinstance(events[-1], Checkpoint)
    live = [i for i in items if not i.deleted and not i.error]
    assert live and all(i.remote_id and i.payload for i in live)
    assert gatherer.complete is True
    if case.dated:
        assert DATESTAMP.match(gatherer.response_date), gatherer.response_date
    else:
        assert gatherer.response_date == ""
    assert ticks, "the gatherer did not hand tick to its HTTP client"

    normalize = normalizer_for(gatherer.metadata_format or source.metadata_format)
    records = []
    for item in live:
        try:
            records.append(normalize(item.payload))
        except NormalizeError:
            continue  # a per-record error in a run; the contract is about the rest
    assert len(records) >= len(live) / 2
    assert all(isinstance(r, MaterialRecord) for r in records)
    assert all(r.url.startswith(("http://", "https://")) for r in records)


def test_a_second_run_is_idempotent(case_source):
    _, source = case_source
    first = harvest_source_run(source, full=True, sleep=no_sleep)
    assert first.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL), first.message
    assert first.created > 0
    count = Material.objects.count()
    second = harvest_source_run(source, full=True, sleep=no_sleep)
    assert second.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL), second.message
    assert second.created == 0 and Material.objects.count() == count
