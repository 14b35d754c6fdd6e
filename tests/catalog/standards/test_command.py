"""``manage.py standards``: import files and a CASE 1.0 API (a real local HTTP server serving
the real OpenSALT packages), show an item."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.standards.models import Framework, StandardItem
from harvesters.testing.replay import ReplayServer, Reply

from .conftest import CASE_DEMO, CASE_MATH, CCSSI

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_server(standards_dir):
    """A CASE 1.0 provider on 127.0.0.1 serving CFDocuments and CFPackages from real files."""
    prefix = "/ims/case/v1p0/"
    documents = []
    with ReplayServer() as server:
        for relative in (CASE_MATH, CASE_DEMO):
            path = standards_dir / relative
            doc = json.loads(path.read_bytes())["CFDocument"]
            documents.append(doc)
            # One identifier is a URI: its ':' and '/' stay as they are in the request path.
            package = Reply(path, content_type="application/json")
            server.add({}, package, path=f"{prefix}CFPackages/{doc['identifier']}")
        listing = json.dumps({"CFDocuments": documents}).encode()
        server.add({}, Reply(listing, content_type="application/json"), path=prefix + "CFDocuments")
        yield server


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
    out = StringIO()
    call_command("standards", "import", "--json", case_server.base(), stdout=out)
    reports = json.loads(out.getvalue())["reports"]
    assert sorted(r["items"] for r in reports) == [16, 703]
    assert Framework.objects.count() == 2
    assert StandardItem.objects.count() == 719
    paths = [request["path"] for request in case_server.requests]
    assert paths[0] == "/ims/case/v1p0/CFDocuments" and len(paths) == 3
    agents = [request["headers"]["User-Agent"] for request in case_server.requests]
    assert all(agent.endswith(" standards-import") for agent in agents)


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


def test_import_in_the_background_is_queued_and_the_worker_s_run_imports(
    standards_dir, settings, monkeypatch
):
    from django_tasks import task_backends

    from catalog.standards.tasks import import_standards_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    monkeypatch.chdir(standards_dir)  # a relative path is queued as an absolute one
    out = StringIO()
    call_command("standards", "import", "--background", CASE_MATH, stdout=out)
    assert "import of 1 source(s) queued" in out.getvalue()
    assert not Framework.objects.exists()  # nothing imported here
    (queued,) = [r for r in backend.results if r.task.func is import_standards_task.func]
    assert queued.args == [[str(standards_dir / CASE_MATH)]]

    monkeypatch.chdir("/")
    outcome = queued.task.call(*queued.args, **queued.kwargs)  # what the worker runs
    backend.clear()
    (report,) = outcome["reports"]
    assert report["items"] == StandardItem.objects.count() > 0
    assert Framework.objects.count() == 1
