"""Standards imports fetch through the project's polite client: its User-Agent with the
importer's suffix, ``Retry-After`` honoured through the injected sleep, and every failure a
``StandardsImportError``. A real local HTTP server, no waiting."""

import pytest

from catalog.standards.importers.base import StandardsImportError
from catalog.standards.importers.http import USER_AGENT, fetch, session
from harvesters.testing.replay import ReplayServer, Reply

PACKAGE = b'{"CFDocument": {"identifier": "d1"}}'


@pytest.fixture
def server():
    """Serves the package at ``/ok`` and ``/busy``; anything else is a 404."""
    with ReplayServer() as replay:
        for path in ("/ok", "/busy"):
            replay.add({}, Reply(PACKAGE, content_type="application/json"), path=path)
        yield replay


def test_fetch_sends_the_projects_user_agent_and_accept(server):
    assert fetch(session(sleep=lambda s: None), f"{server.base()}/ok") == PACKAGE
    [request] = server.requests
    headers = request["headers"]
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("OER-Registry/1.0") and USER_AGENT.endswith(" standards-import")
    assert headers["Accept"].startswith("application/json")


def test_a_busy_server_is_asked_again_after_its_retry_after(server):
    server.fail_next("status", times=2, status=503, retry_after="5")
    waits = []
    assert fetch(session(sleep=waits.append), f"{server.base()}/busy") == PACKAGE
    assert [w for w in waits if w >= 1] == [5.0, 5.0]
    assert len(server.requests) == 3


def test_failures_are_standards_import_errors(server):
    with pytest.raises(StandardsImportError, match="HTTP 404"):
        fetch(session(sleep=lambda s: None), f"{server.base()}/missing")
    server.fail_next("status", times=10, status=503, retry_after="5")
    with pytest.raises(StandardsImportError, match="request failed.*HTTP 503"):
        fetch(session(retries=1, sleep=lambda s: None), f"{server.base()}/busy")
    with pytest.raises(StandardsImportError, match="request failed"):
        fetch(session(retries=0, sleep=lambda s: None), "http://127.0.0.1:9/nothing")
