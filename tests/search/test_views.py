"""The search page and JSON API, on whichever engine settings select."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_search_page_renders_results_facets_and_badges(client, demo_index):
    res = client.get("/search/", {"q": "spanish"})
    assert res.status_code == 200
    html = res.content.decode()
    assert "<mark>Spanish</mark> for the Workplace" in html
    assert '<input type="checkbox"' in html and "<legend>Subject</legend>" in html
    assert "You may remix and share" in html
    assert "<mark>" in html
    assert "css/search.css" in html
    many = client.get("/search/", {"q": "education"}).content.decode()
    assert 'aria-label="Result pages"' in many and 'rel="next"' in many


def test_search_page_keeps_state_in_url(client, demo_index):
    res = client.get(
        "/search/", {"q": "education", "license_bucket": "share-only", "sort": "title", "page": 2}
    )
    html = res.content.decode()
    assert res.status_code == 200
    assert 'value="share-only" checked' in html
    assert '<option value="title" selected>' in html
    assert 'aria-current="page"' in html and "page=1" in html
    assert "(remove filter)" in html


def test_search_page_bad_page_is_a_400_not_a_500(client, demo_index):
    res = client.get("/search/", {"q": "x", "page": "abc"})
    assert res.status_code == 400
    assert "page must be a whole number" in res.content.decode()


def test_api_search_returns_results_and_facets(client, demo_index):
    res = client.get(
        "/api/v1/search", {"q": "spanish", "license_bucket": "remix-and-share", "per_page": 5}
    )
    assert res.status_code == 200
    data = res.json()
    assert data["total"] > 0 and len(data["results"]) == 5
    assert data["results"][0]["license_bucket"] == "remix-and-share"
    assert {"subject", "grade", "license_bucket"} <= set(data["facets"])
    nxt = client.get("/api/v1/search", {"q": "spanish", "cursor": data["next_cursor"]}).json()
    assert not {r["id"] for r in nxt["results"]} & {r["id"] for r in data["results"]}


@pytest.mark.parametrize(
    "params,message",
    [
        ({"q": "x", "colour": "red"}, "unknown parameter"),
        ({"q": "x", "sort": "random"}, "unknown sort"),
        ({"q": "x", "per_page": "500"}, "per_page"),
        ({"q": "x", "cursor": "!!!"}, "cursor"),
        ({"q": "x", "cursor": _cursor({"o": "abc"})}, "cursor"),
        ({"q": "x", "cursor": _cursor({"o": None})}, "cursor"),
        ({"q": "x", "cursor": _cursor({"o": 1e30})}, "cursor"),
        ({"q": "x", "cursor": _cursor({"o": -20})}, "cursor"),
        ({"q": "x", "cursor": _cursor({"a": "x", "n": 1})}, "cursor"),
        ({"q": "x", "cursor": _cursor(["o", 1])}, "cursor"),
        ({"q": "x", "facets": "nope"}, "unknown facet"),
    ],
)
def test_api_bad_parameters_are_400(client, demo_index, params, message):
    res = client.get("/api/v1/search", params)
    assert res.status_code == 400
    assert message in res.json()["error"]
    assert res.json()["status"] == 400


def test_search_page_crafted_cursor_is_a_400_page(client, demo_index):
    res = client.get("/search/", {"q": "education", "cursor": _cursor({"o": "abc"})})
    assert res.status_code == 400
    assert "the cursor is not valid" in res.content.decode()


def test_cursor_pages_on_from_where_the_last_page_ended(client, demo_index):
    first = client.get("/api/v1/search", {"q": "education", "per_page": 3}).json()
    second = client.get(
        "/api/v1/search", {"q": "education", "per_page": 3, "cursor": first["next_cursor"]}
    ).json()
    page_two = client.get("/api/v1/search", {"q": "education", "per_page": 3, "page": 2}).json()
    assert [r["id"] for r in second["results"]] == [r["id"] for r in page_two["results"]]


def test_api_suggest_and_openapi(client, demo_index):
    data = client.get("/api/v1/suggest", {"q": "spanis"}).json()
    assert any("Spanish" in s["value"] for s in data["suggestions"])
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in spec["paths"] and spec["openapi"].startswith("3.")


def test_engine_down_shows_a_clear_message_not_a_500(client, settings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    down = {
        **settings.OER_SEARCH,
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",  # nothing listens there
        "FTS5_PATH": str(blocked / "index.sqlite3"),
        "TIMEOUT": 2,
    }
    with override_settings(OER_SEARCH=down):
        page = client.get("/search/", {"q": "fractions"})
        api = client.get("/api/v1/search", {"q": "fractions"})
    assert page.status_code == 503
    assert "Search is temporarily unavailable" in page.content.decode()
    assert api.status_code == 503 and "unavailable" in api.json()["error"]


def test_saves_succeed_while_the_engine_is_down(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from catalog.materials.models import Material
    from catalog.materials.records import MaterialRecord
    from catalog.materials.services import material_upsert

    blocked = tmp_path / "file"
    blocked.write_text("x")
    down = {
        **settings.OER_SEARCH,
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        "FTS5_PATH": str(blocked / "index.sqlite3"),
        "TIMEOUT": 2,
    }
    record = MaterialRecord(
        remote_id="down-1", title="Saved while search is down", url="https://example.org/down-1"
    )
    from catalog.materials.models import IndexOutbox

    with override_settings(OER_SEARCH=down), django_capture_on_commit_callbacks(execute=True):
        material = material_upsert("search-down-test", record).material
    assert Material.objects.filter(source_key="search-down-test").exists()
    queued = IndexOutbox.objects.get(material_id=material.pk, index="lexical")
    assert queued.attempts == 1  # kept for a retry with backoff, not dropped


def test_search_index_command_rebuild_and_status(demo_index, own_search_index, capsys):
    call_command("search_index", "rebuild", "--no-progress")
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert "Indexed" in out and "live now" in out
    status = json.loads(out[out.index("{") :])
    assert status["in_sync"] and status["documents"] == demo_index


def test_a_corrected_typo_is_in_the_api_and_on_the_page(client, demo_index):
    data = client.get("/api/v1/search", {"q": "sustainibility"}).json()
    assert data["total"] > 0
    assert data["notes"][0] == {
        "text": "Showing results for sustainability —",
        "link": "search instead for sustainibility",
        "params": {"q": '"sustainibility"'},
    }
    html = client.get("/search/", {"q": "sustainibility"}).content.decode()
    assert "Showing results for sustainability" in html
    assert "q=%22sustainibility%22" in html  # the link searches what was typed, in quotes
