"""JSON API (OpenStax built-in) and LRMI / schema.org JSON-LD sources, on real files."""

import json

import pytest

from catalog.materials.models import Material
from harvesters.models import RunStatus
from harvesters.normalizers import jsonld, openstax
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.sources.jsonld import nodes_from_document
from harvesters.testing.replay import Reply

from .conftest import no_sleep


def test_openstax_details_mapping(shared_data):
    data = (shared_data / "oer-metadata/openstax/details-biology-2e.json").read_bytes()
    record = openstax.normalize(data)
    assert record.title == "Biology 2e" and record.remote_id == "biology-2e"
    assert record.license_raw == "http://creativecommons.org/licenses/by/4.0/"
    assert "Mary Ann Clark" in record.authors and record.subjects == ("Science",)
    assert "isbn:9781947172517" in record.identifiers
    assert record.url == "https://openstax.org/details/books/biology-2e"


@pytest.mark.django_db
def test_openstax_api_pages_by_offset(replay, shared_data):
    books = json.loads((shared_data / "oer-metadata/openstax/all-books.json").read_bytes())
    items = books["items"]
    for offset in range(0, len(items), 50):
        page = {"meta": books["meta"], "items": items[offset : offset + 50]}
        replay.add(
            {"type": "books.Book", "offset": str(offset), "limit": "50"},
            Reply(json.dumps(page).encode(), content_type="application/json"),
        )
    source = harvest_source_create(
        "openstax", "json-api", replay.base() + "/apps/cms/api/v2/pages/"
    )
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED, run.message
    slugs = {i["meta"]["slug"] for i in items}
    assert run.seen == len(slugs) and Material.objects.count() <= len(slugs)
    assert [r["params"]["offset"] for r in replay.requests] == ["0", "50", "100"]


def test_lrmi_jsonld_in_html_reads_levels_alignments_and_audience(shared_data):
    data = (
        shared_data / "oer-metadata/lrmi/lrmi_examples/type+audience+level_jsonld.json"
    ).read_bytes()
    nodes = nodes_from_document(data)
    assert len(nodes) == 1
    record = jsonld.normalize(json.dumps(nodes[0]).encode())
    assert (
        record.title == "Designing a treasure map" and record.url == "http://example.org/lessonplan"
    )
    assert record.grades == ("2",) and record.resource_types == ("lesson plan", "learning activity")
    assert "teacher" in record.educational_use


def test_lrmi_alignments_become_refs(shared_data):
    node = json.loads(
        (shared_data / "oer-metadata/lrmi/lrmi_examples/LRexample01.jsonld").read_bytes()
    )
    node.setdefault("name", "example")
    node.setdefault("url", "http://example.org/x")
    record = jsonld.normalize(json.dumps(node).encode())
    assert any(a.target == "CCSS.ELA-Literacy.SL.K.1a" for a in record.alignments)
    assert all(a.framework == "Common Core State Standards" for a in record.alignments)


@pytest.mark.django_db
def test_jsonld_source_harvests_pages_that_embed_it(replay, shared_data):
    page = (
        shared_data / "oer-metadata/lrmi/lrmi_examples/type+audience+level_jsonld.json"
    ).read_bytes()
    html = b"<html><head>" + page + b"</head><body>lesson</body></html>"
    replay.add({}, Reply(html, content_type="text/html"), path="/lesson")
    source = harvest_source_create("lrmi", "jsonld", replay.base() + "/lesson")
    run = harvest_source_run(source, sleep=no_sleep)
    assert run.status == RunStatus.SUCCEEDED and run.created == 1, run.message
    assert Material.objects.get().grades == ["2"]


@pytest.mark.django_db
def test_harvested_alignments_go_to_the_standards_service(replay, shared_data):
    node = json.loads(
        (shared_data / "oer-metadata/lrmi/lrmi_examples/LRexample01.jsonld").read_bytes()
    )
    node.update({"name": "Listening lesson", "url": "http://example.org/listening"})
    replay.add({}, Reply(json.dumps(node).encode(), content_type="application/ld+json"), "/dump")
    run = harvest_source_run(
        harvest_source_create("lrmi-dump", "jsonld", replay.base() + "/dump"), sleep=no_sleep
    )
    assert run.status == RunStatus.SUCCEEDED and run.created == 1, run.message
    assert run.errors == 0
