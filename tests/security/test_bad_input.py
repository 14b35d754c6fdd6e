"""Garbage in the public GET endpoints is the caller's mistake: a 4xx with a clear message,
never a 500. Crafted search cursors, NUL and control characters, huge numbers, too many
parameters, and the JSON API answering every error as JSON."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from search import service

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def cursor(payload) -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.fixture
def client():
    """A client that returns a server error as a response instead of raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def indexed(db):
    """A few materials, searchable."""
    for n in range(3):
        material_upsert(
            "security-test",
            MaterialRecord(
                remote_id=f"r{n}",
                title=f"Fractions on a number line {n}",
                url=f"https://example.org/{n}",
                subjects=("mathematics",),
                grades=("3",),
            ),
        )
    service.index_rebuild()
    service.index_refresh()


BAD_CURSORS = [
    cursor({"o": "abc"}),
    cursor({"o": None}),
    cursor({"o": 1e30}),
    cursor({"o": 10**30}),
    cursor({"o": -1}),
    cursor({"o": 10_000_001}),  # past MAX_CURSOR_OFFSET
    cursor({}),
    cursor({"o": 1, "x": 1}),
    cursor({"o": True}),
    cursor({"o": 1.5}),
    cursor({"n": "x", "a": [1]}),
    cursor({"a": "not-a-list", "n": 3}),
    cursor({"a": [{"nested": 1}], "n": 3}),
    cursor([1, 2, 3]),
    cursor("a string"),
    cursor(42),
    cursor(b"\xff\xfe not json"),
    cursor(b"{"),
    "!!!",
    "%%%",
    "a",
    "\x00",
    "A" * 100_000,
    cursor({"o": "1" * 10_000}),
]


@pytest.mark.parametrize("token", BAD_CURSORS)
def test_crafted_api_cursor_is_a_json_400(client, indexed, token):
    res = client.get("/api/v1/search", {"q": "fractions", "cursor": token})
    assert res.status_code == 400
    assert res["Content-Type"] == "application/json"
    assert "cursor" in res.json()["error"]


@pytest.mark.parametrize("token", BAD_CURSORS)
def test_crafted_page_cursor_is_a_400_page(client, indexed, token):
    res = client.get("/search/", {"q": "fractions", "cursor": token})
    assert res.status_code == 400
    assert res["Content-Type"].startswith("text/html")
    assert "cursor is not valid" in res.content.decode()


def test_a_real_cursor_still_pages(client, indexed):
    first = client.get("/api/v1/search", {"q": "fractions", "per_page": 1}).json()
    assert first["next_cursor"]
    second = client.get(
        "/api/v1/search", {"q": "fractions", "per_page": 1, "cursor": first["next_cursor"]}
    ).json()
    assert second["results"] and second["results"][0]["id"] != first["results"][0]["id"]


# (path, params) pairs that must answer below 500 whatever the state of the catalog.
GARBAGE = [
    ("/api/v1/search", {"q": "\x00"}),
    ("/api/v1/search", {"q": "\x00\x01\x1f\ufffe"}),
    ("/api/v1/search", {"q": "fractions", "subject": "\x00"}),
    ("/api/v1/search", {"q": "x", "grade": "\x00", "license": "\x0b"}),
    ("/api/v1/search", {"page": HUGE}),
    ("/api/v1/search", {"page": "-1"}),
    ("/api/v1/search", {"page": "abc"}),
    ("/api/v1/search", {"per_page": HUGE}),
    ("/api/v1/search", {"page": "١٢"}),  # Arabic-Indic digits
    ("/api/v1/search", {"facets": "\x00"}),
    ("/api/v1/search", {"sort": "\x00"}),
    ("/api/v1/search", {"standard": "\x00" * 200}),
    ("/api/v1/suggest", {"q": "\x00"}),
    ("/api/v1/suggest", {"q": "\x00" * 100}),
    ("/api/v1/suggest", {"q": "a" * 100_000}),
    ("/api/v1/licenses/", {"page": "abc"}),
    ("/api/v1/licenses/resolve", {"value": ""}),
    ("/api/v1/licenses/resolve", {"value": "\x00"}),
    ("/api/v1/licenses/resolve", {"value": "CC\x00BY"}),
    ("/api/v1/licenses/resolve", {"value": "x" * 100_000}),
    ("/api/v1/licenses/compatibility", {"license": "no such license"}),
    ("/api/v1/licenses/compatibility", {"license": "\x00"}),
    ("/api/v1/licenses/compatibility", {"license": "x" * 100_000}),
    ("/api/v1/licenses/compatibility", {}),
    ("/api/v1/openapi.json", {"x": "\x00"}),
    ("/api/v1/nothing-here", {}),
    ("/search/", {"q": "\x00"}),
    ("/search/", {"q": "fractions", "subject": "\x00", "grade": "\x1f"}),
    ("/search/", {"page": HUGE}),
    ("/search/", {"page": "-1"}),
    ("/search/", {"page": "abc"}),
    ("/search/", {"sort": "\x00"}),
    ("/search/", {"facets": "\x00"}),
    ("/licenses/", {"page": "abc"}),
    ("/licenses/", {"page": HUGE}),
    ("/licenses/CC-BY-4.0\x00/", {}),
    ("/licenses/%00/", {}),
    ("/standards/", {"page": "-1"}),
    ("/standards/", {"page": HUGE, "q": "\x00"}),
    (f"/standards/items/{HUGE}/", {}),
    (f"/standards/frameworks/{HUGE}/", {}),
    ("/standards/items/0/", {}),
    ("/standards/items/abc/", {}),
    ("/materials/%00/", {}),
    ("/materials/..%2F..%2Fetc/", {}),
    (f"/materials/{'a' * 5000}/", {}),
    ("/materials/no-such-material/", {"page": "abc"}),
    ("/collections/", {"page": "abc"}),
    ("/collections/", {"page": HUGE}),
    ("/collections/not-a-uuid/", {}),
    (f"/adaptations/{HUGE}/", {}),
    (f"/adaptations/{HUGE}/jsonld", {}),
    ("/oai", {"verb": "\x00"}),
    ("/oai", {"verb": "Identify", "x\x00": "y"}),
    ("/oai", {"verb": "ListRecords", "metadataPrefix": "\x00"}),
    ("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "\x00"}),
    ("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "\x00"}),
    ("/oai", {"verb": "ListRecords", "resumptionToken": "\x00"}),
    ("/oai", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "\x00"}),
    (
        "/oai",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": f"oai:oer-registry:material/{HUGE}",
        },
    ),
    ("/", {"page": "abc", "q": "\x00"}),
]


@pytest.mark.parametrize("path,params", GARBAGE, ids=[f"{p}?{q}"[:80] for p, q in GARBAGE])
def test_garbage_is_never_a_server_error(client, indexed, path, params):
    res = client.get(path, params)
    assert res.status_code < 500, res.content[:500]
    if path.startswith("/api/") and res.status_code >= 400:
        assert res["Content-Type"] == "application/json"
        assert res.json()["error"]


TOO_MANY = {f"p{i}": "1" for i in range(1_100)}


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/search/"),
        ("get", "/api/v1/search"),
        ("get", "/api/v1/suggest"),
        ("get", "/api/v1/licenses/resolve"),
        ("get", "/licenses/"),
        ("get", "/standards/"),
        ("get", "/collections/"),
        ("get", "/"),
        ("post", "/search/"),
        ("post", "/api/v1/search"),
        ("post", "/accounts/login/"),
    ],
)
def test_too_many_parameters_is_a_400(client, indexed, method, path):
    res = getattr(client, method)(path, TOO_MANY)
    assert res.status_code in (400, 405), res.status_code
    if path.startswith("/api/"):
        assert res["Content-Type"] == "application/json"
    elif res.status_code == 400:
        assert b"We could not read that request" in res.content


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/api/v1/no-such-endpoint/", 404),  # (without the slash: a redirect to it)
        ("get", "/api/v2/search/", 404),
        ("post", "/api/v1/search", 405),
        ("delete", "/api/v1/licenses/", 405),
        ("get", "/api/v1/search?" + "&".join(f"p{i}=1" for i in range(1_100)), 400),
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_api_errors_are_json_in_every_setting(
    client, indexed, settings, method, path, status, debug
):
    settings.DEBUG = debug
    res = getattr(client, method)(path)
    assert res.status_code == status
    assert res["Content-Type"] == "application/json"
    body = res.json()
    assert body["status"] == status and body["error"]
    if status == 405:
        assert "GET" in res["Allow"]


@pytest.mark.parametrize("debug", [False, True])
def test_api_csrf_refusal_is_json(indexed, settings, debug):
    settings.DEBUG = debug
    res = Client(enforce_csrf_checks=True).post("/api/v1/search", {"q": "x"})
    assert res.status_code == 403
    assert res["Content-Type"] == "application/json"
    assert res.json() == {"error": "forbidden", "status": 403}


@pytest.mark.urls("tests.security.bad_input_urls")
@pytest.mark.parametrize("debug", [False, True])
def test_api_server_error_is_json_without_details(client, settings, debug):
    """An unexpected exception under /api/ is a JSON 500 that gives nothing away."""
    settings.DEBUG = debug
    res = client.get("/api/v1/broken")
    assert res.status_code == 500
    assert res["Content-Type"] == "application/json"
    assert res.json() == {"error": "internal server error", "status": 500}
    assert b"secret" not in res.content


def test_pages_outside_the_api_keep_their_html_errors(client, indexed):
    res = client.get("/no-such-page/")
    assert res.status_code == 404 and res["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/licenses/CC-BY-4.0\x00/", "/licenses/\x00/", "/materials/a\x01b/", "/x\x7f"]
)
def test_a_path_with_control_characters_is_a_400_before_any_lookup(client, path):
    # On PostgreSQL such a path reached a text lookup and failed there with a 500.
    assert client.get(path).status_code == 400


def test_a_control_character_path_under_the_api_is_a_json_400(client):
    res = client.get("/api/v1/licenses/\x00")
    assert res.status_code == 400 and res["Content-Type"] == "application/json"
