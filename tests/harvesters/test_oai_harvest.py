"""End-to-end OAI-PMH harvests through the replay server: counts, deletions, incremental
``from``, resume after a kill, errors, locking and stale runs."""

import os

import pytest
from django.utils import timezone

from catalog.materials.models import Material, MaterialStatus
from harvesters.errors import SourceBusy
from harvesters.models import HarvestRun, RawRecord, RecordError, RunStatus
from harvesters.services import (
    harvest_abort,
    harvest_close_stale_runs,
    harvest_renormalize,
    harvest_source_create,
    harvest_source_run,
)
from harvesters.testing.replay import Reply

from .conftest import FIXTURES, no_sleep

pytestmark = pytest.mark.django_db


def _oai(name, url, **kw):
    return harvest_source_create(name, "oai-pmh", url, **kw)


def test_dspace_set_counts_and_deletions_match_the_files(dspace_server):
    source = _oai("dspace", dspace_server.url)
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    # fake2/00002.xml: 81 records, 2 of them deleted headers.
    assert run.seen == 81
    assert RawRecord.objects.filter(source=source, deleted=True).count() == 2
    from catalog.materials.models import MaterialSource

    # 79 live records → 79 source records; those sharing a URL or handle are one material.
    assert run.errors == 0 and MaterialSource.objects.count() == 79
    assert run.created == Material.objects.count() == 79 - run.updated
    assert run.response_date
    verbs = [r["params"].get("verb") for r in dspace_server.requests]
    assert verbs[:2] == ["Identify", "ListMetadataFormats"]
    agents = {r["headers"]["User-Agent"] for r in dspace_server.requests}
    assert agents == {"OER-Registry/1.0 (+https://github.com/oer-registry) harvester"}


def test_sickle_pages_follow_resumption_tokens_and_withdraw_deleted(sickle_server):
    source = _oai("sickle", sickle_server.url)
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED
    tokens = [r["params"].get("resumptionToken") for r in sickle_server.requests]
    assert tokens[-3:] == ["ListRecords2.xml", "ListRecords3.xml", "ListRecords4.xml"]
    assert run.seen == 8 and run.checkpoint["pages"] == 4 and run.checkpoint["token"] is None


def test_lom_harvest_then_incremental_update_and_deletion(lom_server, licenses):
    lom_server.add(
        {"verb": "ListRecords", "metadataPrefix": "lom", "from": "2026-11-20"},
        Reply(FIXTURES / "lom" / "update.xml"),
    )
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    first = harvest_source_run(source, sleep=no_sleep)
    assert (first.status, first.seen, first.created, first.errors) == ("succeeded", 30, 30, 0)
    source.refresh_from_db()
    assert (
        source.last_response_date == "2026-11-20T10:00:00Z" and source.granularity == "YYYY-MM-DD"
    )
    material = Material.objects.get(remote_id="oai:oercommons.org:lesson-10121")
    assert material.title == "Leveraging Virtual Reality in a School Library"
    assert material.license.key == "CC-BY-SA-4.0"
    assert material.license_raw.endswith("by-sa/4.0/")
    assert material.keywords == ["Gaming", "Hologram", "Virtual Reality"]
    assert material.grades and material.subjects == ["information-science"]

    second = harvest_source_run(source, sleep=no_sleep)
    from_sent = [r["params"].get("from") for r in lom_server.requests if r["params"].get("from")]
    assert from_sent == ["2026-11-20"]  # previous responseDate at the repository's granularity
    assert (second.seen, second.updated, second.withdrawn) == (2, 1, 1)
    assert Material.objects.filter(title__endswith="(revised)").count() == 1
    assert Material.objects.filter(status=MaterialStatus.WITHDRAWN).count() == 1


class Killed(BaseException):
    """Stands in for SIGKILL: nothing in the harvester catches it."""


def _catalog():
    return sorted(
        Material.objects.values_list("remote_id", "title", "url", "status", "license_raw")
    )


def test_killed_run_is_detected_as_stale_and_the_rerun_resumes(lom_server):
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")

    def kill_after_first_page(run, n):
        if run.checkpoint.get("pages") == 1:
            raise Killed

    with pytest.raises(Killed):
        harvest_source_run(source, sleep=no_sleep, progress=kill_after_first_page)
    dead = HarvestRun.objects.get()
    assert dead.status == RunStatus.RUNNING and dead.checkpoint["token"] == "lom-page-2"
    source.refresh_from_db()
    with pytest.raises(SourceBusy):  # our own pid is alive: a live run blocks a second one
        harvest_source_run(source, sleep=no_sleep)
    HarvestRun.objects.filter(pk=dead.pk).update(pid=_dead_pid())
    resumed = harvest_source_run(source, sleep=no_sleep)
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and "stale" in dead.message
    assert resumed.status == RunStatus.SUCCEEDED and resumed.resumed_from_id == dead.pk
    assert resumed.seen == 15  # only page 2
    list_requests = [
        r["params"] for r in lom_server.requests if r["params"]["verb"] == "ListRecords"
    ]
    assert list_requests[-1] == {"verb": "ListRecords", "resumptionToken": "lom-page-2"}
    killed_catalog = _catalog()

    Material.objects.all().delete()
    from catalog.materials.models import MaterialSource

    MaterialSource.objects.all().delete()
    RawRecord.objects.all().delete()
    other = _oai("oer-lom-2", lom_server.url, metadata_format="lom")
    clean = harvest_source_run(other, sleep=no_sleep)
    assert clean.seen == 30
    assert _catalog() == killed_catalog


def _dead_pid() -> int:
    pid = 999_999
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_stale_heartbeat_closes_a_run_from_another_host(lom_server):
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    run = HarvestRun.objects.create(
        source=source,
        hostname="elsewhere",
        pid=1,
        heartbeat_at=timezone.now() - timezone.timedelta(hours=2),
    )
    source.running_run = run
    source.save()
    closed = harvest_close_stale_runs()
    assert [r.pk for r in closed] == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.finished_at
    source.refresh_from_db()
    assert source.running_run is None


def test_bad_resumption_token_restarts_from_the_checkpointed_datestamp(lom_server, shared_data):
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "expired"},
        Reply(shared_data / "oai-pmh/sickle-sample_data/badResumptionToken.xml"),
    )
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    HarvestRun.objects.create(
        source=source,
        status=RunStatus.FAILED,
        kind="incremental",
        checkpoint={"from": "", "until": "", "token": "expired", "pages": 3},
    )
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED and run.seen == 30
    tokens = [r["params"].get("resumptionToken") for r in lom_server.requests]
    assert tokens[-3:] == ["expired", None, "lom-page-2"]


def test_no_records_match_is_a_successful_empty_run(zenodo_server):
    source = _oai("zenodo", zenodo_server.url, set_spec="XXX")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED and run.seen == 0, run.message


def test_unknown_format_fails_the_run_with_the_reason(sickle_server):
    source = _oai("sickle", sickle_server.url, metadata_format="lom")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.FAILED and "cannotDisseminateFormat" in run.message
    source.refresh_from_db()
    assert source.running_run is None


def test_503_and_truncated_pages_are_retried(lom_server):
    lom_server.fail_next("status", status=503, retry_after="7", when={"verb": "ListRecords"})
    lom_server.fail_next("truncate", when={"resumptionToken": "lom-page-2"})
    lom_server.fail_next("truncate_xml", when={"resumptionToken": "lom-page-2"})
    waits = []  # (requests served so far, seconds): which answer each wait follows

    def sleep(seconds):
        waits.append((len(lom_server.requests), seconds))

    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    run = harvest_source_run(source, sleep=sleep)
    assert run.status == RunStatus.SUCCEEDED and run.created == 30, run.message
    verbs = [r["params"].get("verb") for r in lom_server.requests[:4]]
    assert verbs == ["Identify", "ListMetadataFormats", "ListRecords", "ListRecords"]
    # The third request got the 503: its Retry-After (7 s) is waited out before the fourth,
    # in slices of a second (the first answers are followed by backoff or spacing alone).
    after_503 = [seconds for served, seconds in waits if served == 3]
    assert sum(after_503) >= 7 and after_503[:7] == [1.0] * 7
    assert sum(seconds for served, seconds in waits if served < 3) < 7
    page2 = [r for r in lom_server.requests if r["params"].get("resumptionToken") == "lom-page-2"]
    assert len(page2) == 3


def test_a_bad_record_is_an_error_not_a_lost_page(lom_server, tmp_path):
    data = (FIXTURES / "lom" / "ListRecords-2.xml").read_bytes()
    start = data.index(b"<title>")
    end = data.index(b"</title>", start) + len(b"</title>")
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"}, Reply(data[:start] + data[end:])
    )
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.PARTIAL and (run.created, run.errors) == (29, 1)
    error = RecordError.objects.get()
    assert error.stage == "normalize" and "title" in error.message and error.identifier


def test_control_characters_in_a_page_are_dropped_and_the_page_harvested(lom_server, caplog):
    """A form feed pasted into a title would make the page not well-formed on every retry."""
    data = (FIXTURES / "lom" / "ListRecords-2.xml").read_bytes()
    at = data.index(b"</string>", data.index(b"<title>"))
    lom_server.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(data[:at] + b"\x0c&#11;" + data[at:]),
    )
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED and (run.created, run.errors) == (30, 0), run.message
    assert "removed 2 character(s) XML does not allow from list page 2" in caplog.text
    assert not any(
        "\x0c" in t or "\x0b" in t for t in Material.objects.values_list("title", flat=True)
    )


def test_renormalize_rebuilds_from_raw_records_without_the_network(lom_server):
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    harvest_source_run(source, sleep=no_sleep)
    Material.objects.update(title="scribbled")
    n_requests = len(lom_server.requests)
    from catalog.materials.models import MaterialSource

    MaterialSource.objects.update(content_hash="")  # force: the stored values were "lost"
    run = harvest_renormalize(source)
    assert run.status == RunStatus.SUCCEEDED and run.seen == 30 and run.updated == 30
    assert len(lom_server.requests) == n_requests
    assert not Material.objects.filter(title="scribbled").exists()


def test_dry_run_writes_nothing(lom_server):
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")
    run = harvest_source_run(source, dry_run=True, sleep=no_sleep)
    assert run.created == 30
    assert Material.objects.count() == 0 and HarvestRun.objects.count() == 0
    assert RawRecord.objects.count() == 0


def test_abort_of_a_live_run_stops_it_after_the_chunk(lom_server):
    source = _oai("oer-lom", lom_server.url, metadata_format="lom")

    def abort_now(run, n):
        harvest_abort(source)

    run = harvest_source_run(source, sleep=no_sleep, progress=abort_now)
    assert run.status == RunStatus.FAILED and "aborted" in run.message
    assert run.seen == 15
