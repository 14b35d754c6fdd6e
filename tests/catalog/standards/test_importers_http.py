"""Standards imports fetch through the project's polite client: its User-Agent with the
importer's suffix, ``Retry-After`` honoured through the injected sleep, and every failure a
``StandardsImportError``. A real local HTTP server, no waiting."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalog.standards.importers.base import StandardsImportError
from catalog.standards.importers.http import USER_AGENT, fetch, session

PACKAGE = b'{"CFDocument": {"identifier": "d1"}}'


@pytest.fixture
def server():
    state = {"busy": 0, "hits": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server names it
            state["hits"].append((self.path, dict(self.headers)))
            if self.path == "/busy" and state["busy"]:
                state["busy"] -= 1
                self.send_response(503)
                self.send_header("Retry-After", "5")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, body = (200, PACKAGE) if self.path in ("/ok", "/busy") else (404, b"{}")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    httpd.shutdown()
    httpd.server_close()


def test_fetch_sends_the_projects_user_agent_and_accept(server):
    base, state = server
    assert fetch(session(sleep=lambda s: None), f"{base}/ok") == PACKAGE
    [(_, headers)] = state["hits"]
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("OER-Registry/1.0") and USER_AGENT.endswith(" standards-import")
    assert headers["Accept"].startswith("application/json")


def test_a_busy_server_is_asked_again_after_its_retry_after(server):
    base, state = server
    state["busy"] = 2
    waits = []
    assert fetch(session(sleep=waits.append), f"{base}/busy") == PACKAGE
    assert [w for w in waits if w >= 1] == [5.0, 5.0] and len(state["hits"]) == 3


def test_failures_are_standards_import_errors(server):
    base, state = server
    with pytest.raises(StandardsImportError, match="HTTP 404"):
        fetch(session(sleep=lambda s: None), f"{base}/missing")
    state["busy"] = 10
    with pytest.raises(StandardsImportError, match="request failed.*HTTP 503"):
        fetch(session(retries=1, sleep=lambda s: None), f"{base}/busy")
    with pytest.raises(StandardsImportError, match="request failed"):
        fetch(session(retries=0, sleep=lambda s: None), "http://127.0.0.1:9/nothing")
