"""``manage.py check_links`` against a real local HTTP server (``ReplayServer``, no mocks)."""

import io

import pytest
from django.core.management import call_command

from catalog.http import HostThrottle
from catalog.lists.linkcheck import USER_AGENT, check_urls
from catalog.lists.models import LinkCheck, ListEntry
from catalog.materials.models import Material
from harvesters.testing.replay import ReplayServer, Reply

from .flow import approve

PAGE = b"<html>lesson</html>"


@pytest.fixture
def server():
    """Lessons at ``/ok`` and ``/busy``, redirects ``/moved`` → ``/moved-again`` → ``/ok``,
    ``/no-head`` refusing HEAD (405) but answering GET; anything else is a 404."""
    with ReplayServer() as replay:
        for path in ("/ok", "/busy", "/no-head"):
            replay.add({}, Reply(PAGE, content_type="text/html"), path=path)
        replay.add({}, Reply(PAGE, 405, content_type="text/html"), path="/no-head", method="HEAD")
        replay.add({}, Reply(b"", 301, {"Location": "/moved-again"}), path="/moved")
        replay.add({}, Reply(b"", 302, {"Location": "/ok"}), path="/moved-again")
        yield replay


def methods(server) -> list[str]:
    return [request["method"] for request in server.requests]


def test_head_then_get_and_redirects_recorded(server):
    base = server.base()
    results = check_urls(
        [f"{base}/ok", f"{base}/moved", f"{base}/no-head", f"{base}/gone"],
        concurrency=2,
        per_host_interval=0,
    )
    ok, moved, no_head, gone = results
    assert (ok.ok, ok.method, ok.status_code) == (True, "HEAD", 200)
    assert moved.ok and moved.final_url == f"{base}/ok"
    assert moved.redirects == [[301, f"{base}/moved-again"], [302, f"{base}/ok"]]
    assert (no_head.ok, no_head.method, no_head.status_code) == (True, "GET", 200)
    assert (gone.ok, gone.method, gone.status_code) == (False, "GET", 404)
    assert set(methods(server)) == {"HEAD", "GET"}


def test_connection_errors_are_outcomes_not_crashes():
    clock = FrozenClock()
    throttle = HostThrottle(0, clock=clock, sleep=clock.sleep)
    (result,) = check_urls(["http://127.0.0.1:9/nothing"], timeout=2, throttle=throttle)
    assert not result.ok and result.status_code is None
    assert result.error.startswith("TransportError") and "after 2 tries" in result.error
    assert clock.waits == [1.0]  # one retry, after the backoff


def test_requests_carry_the_projects_user_agent_for_link_checks(server):
    check_urls([f"{server.base()}/ok", f"{server.base()}/moved"], per_host_interval=0)
    assert {request["headers"]["User-Agent"] for request in server.requests} == {USER_AGENT}
    assert USER_AGENT.startswith("OER-Registry/1.0") and USER_AGENT.endswith(" link-check")


def test_a_busy_server_is_asked_again_after_its_retry_after(server):
    server.fail_next("status", status=503, retry_after="7")
    clock = FrozenClock()
    throttle = HostThrottle(0, clock=clock, sleep=clock.sleep)
    (result,) = check_urls([f"{server.base()}/busy"], throttle=throttle)
    assert (result.ok, result.method, result.status_code) == (True, "HEAD", 200)
    assert clock.waits == [7.0]
    assert methods(server) == ["HEAD", "HEAD"]


def test_a_server_busy_past_the_retry_falls_back_to_get_and_is_reported(server):
    server.fail_next("status", times=4, status=503, retry_after="7")
    clock = FrozenClock()
    throttle = HostThrottle(0, clock=clock, sleep=clock.sleep)
    (result,) = check_urls([f"{server.base()}/busy"], throttle=throttle)
    assert (result.ok, result.method, result.status_code) == (False, "GET", 503)
    assert result.detail == "HTTP 503"


class FrozenClock:
    """A clock that stands still; the throttle's waits are recorded instead of slept."""

    def __init__(self):
        self.now = 100.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))


def test_per_host_interval_spaces_requests(server):
    clock = FrozenClock()
    throttle = HostThrottle(0.2, clock=clock, sleep=clock.sleep)
    urls = [f"{server.base()}/ok?{i}" for i in range(4)]
    results = check_urls(urls, concurrency=4, throttle=throttle)
    assert [r.ok for r in results] == [True] * 4 and len(server.requests) == 4
    # Four requests to one host at the same instant: the 2nd, 3rd and 4th wait their turn.
    assert sorted(clock.waits) == [0.2, 0.4, 0.6]


def test_throttle_spaces_each_host_on_its_own():
    clock = FrozenClock()
    throttle = HostThrottle(1.0, clock=clock, sleep=clock.sleep)
    for url in ["http://a.example/1", "http://b.example/1", "http://a.example/2"]:
        throttle.wait(url)
    assert clock.waits == [1.0]  # only the second request to a.example waits
    clock.now += 5.0
    throttle.wait("http://a.example/3")
    assert clock.waits == [1.0]  # the interval has passed: no wait


@pytest.mark.django_db
def test_command_records_history_and_flags_broken_approved_links(
    server, curator, reviewer, list_page, materials
):
    good, bad = materials["by"], materials["by-sa"]
    base = server.base()
    Material.objects.filter(pk=good.pk).update(url=f"{base}/moved")
    Material.objects.filter(pk=bad.pk).update(url=f"{base}/gone")
    good.refresh_from_db()
    bad.refresh_from_db()
    e_good = approve(curator, [reviewer], list_page, good)
    e_bad = approve(curator, [reviewer], list_page, bad)
    out = io.StringIO()
    call_command("check_links", "--per-host-interval", "0", stdout=out)
    assert "checked 2 links: 1 ok, 1 broken, 1 redirected" in out.getvalue()
    history = {c.material_id: c for c in LinkCheck.objects.all()}
    assert history[good.pk].ok and history[good.pk].final_url == f"{base}/ok"
    assert not history[bad.pk].ok and history[bad.pk].status_code == 404
    assert not ListEntry.objects.get(pk=e_good.pk).needs_rereview
    flagged = ListEntry.objects.get(pk=e_bad.pk)
    assert flagged.needs_rereview and flagged.rereview_reason == "link broken: HTTP 404"
    call_command("check_links", "--per-host-interval", "0", stdout=io.StringIO())
    assert LinkCheck.objects.filter(material=good).count() == 2  # history, not overwrite


@pytest.mark.django_db
def test_background_check_is_queued_and_the_worker_s_run_records_and_flags_the_same(
    server, curator, reviewer, list_page, materials, settings
):
    from django_tasks import task_backends

    from catalog.lists.tasks import check_links_task

    bad = materials["by-sa"]
    Material.objects.filter(pk=bad.pk).update(url=f"{server.base()}/gone")
    bad.refresh_from_db()
    entry = approve(curator, [reviewer], list_page, bad)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    out = io.StringIO()
    call_command("check_links", "--background", "--per-host-interval", "0", stdout=out)
    assert "link check queued for the task worker" in out.getvalue()
    assert not LinkCheck.objects.exists() and not server.requests  # nothing checked here
    (queued,) = [r for r in backend.results if r.task.func is check_links_task.func]

    outcome = queued.task.call(*queued.args, **queued.kwargs)  # what the worker runs
    backend.clear()
    assert (outcome["checked"], outcome["broken"]) == (1, 1)
    assert outcome["broken_urls"] == [f"{server.base()}/gone"]
    assert LinkCheck.objects.get(material=bad).status_code == 404
    assert ListEntry.objects.get(pk=entry.pk).needs_rereview
