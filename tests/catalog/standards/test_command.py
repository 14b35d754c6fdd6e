"""``manage.py standards``: import files and a CASE 1.0 API (a real local HTTP server serving
the real OpenSALT packages), show an item."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.standards.models import Framework, StandardItem

from .conftest import CASE_DEMO, CASE_MATH, CCSSI

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_server(standards_dir):
    """A CASE 1.0 provider on 127.0.0.1 serving CFDocuments and CFPackages from real files."""
    packages = {}
    for relative in (CASE_MATH, CASE_DEMO):
        raw = (standards_dir / relative).read_bytes()
        doc = json.loads(raw)["CFDocument"]
        packages[doc["identifier"]] = (doc, raw)
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server names it
            hits.append((self.path, self.headers.get("User-Agent", "")))
            prefix = "/ims/case/v1p0/"
            body, status = b"{}", 404
            if self.path == prefix + "CFDocuments":
                listing = {"CFDocuments": [doc for doc, _ in packages.values()]}
                body, status = json.dumps(listing).encode(), 200
            elif self.path.startswith(prefix + "CFPackages/"):
                key = self.path[len(prefix + "CFPackages/") :]
                if key in packages:
                    body, status = packages[key][1], 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    # The package identifiers are URIs; serve them the way a client will quote them.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_import_json_report_and_second_run_changes_nothing(standards_dir):
    out = StringIO()
    call_command("standards", "import", "--json", str(standards_dir / CASE_MATH), stdout=out)
    first = json.loads(out.getvalue())
    [report] = first["reports"]
    assert (report["items"], report["created"], report["retired"]) == (703, 703, 0)
    out = StringIO()
    call_command("standards", "import", "--json", str(standards_dir / CASE_MATH), stdout=out)
    [again] = json.loads(out.getvalue())["reports"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 703)


def test_import_from_a_case_api_base_url(case_server):
    base, hits = case_server
    out = StringIO()
    call_command("standards", "import", "--json", base, stdout=out)
    reports = json.loads(out.getvalue())["reports"]
    assert sorted(r["items"] for r in reports) == [16, 703]
    assert Framework.objects.count() == 2
    assert StandardItem.objects.count() == 719
    assert hits[0][0] == "/ims/case/v1p0/CFDocuments"
    assert all(agent.endswith(" standards-import") for _, agent in hits)


def test_unreachable_api_fails_cleanly():
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("standards", "import", "http://127.0.0.1:9/ims/case/v1p0", stdout=StringIO())


def test_malformed_file_is_a_command_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    with pytest.raises(CommandError, match="bad.json"):
        call_command("standards", "import", str(bad), stdout=StringIO())


def test_show_prints_statement_framework_parents_children_and_crosswalk(standards_dir):
    call_command(
        "standards",
        "import",
        str(standards_dir / CASE_MATH),
        str(standards_dir / CCSSI),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("standards", "show", "3.NF.A.3", stdout=out)
    text = out.getvalue()
    assert "CCSS.Math.Content.3.NF.A.3" in text
    assert "framework: Common Core State Standards for Mathematics" in text
    assert "parent: CCSS.Math.Content.3.NF.A" in text
    assert "CCSS.Math.Content.3.NF.A.3a" in text  # a child
    assert "[exact] Common Core State Standards (official identifiers)" in text
    with pytest.raises(CommandError):
        call_command("standards", "show", "no-such-code", stdout=StringIO())


def test_skip_missing_lets_bootstrap_run_without_shared_data(tmp_path):
    err = StringIO()
    call_command(
        "standards",
        "import",
        "--skip-missing",
        str(tmp_path / "absent.json"),
        stdout=StringIO(),
        stderr=err,
    )
    assert "not found, skipped" in err.getvalue()
    assert Framework.objects.count() == 0
