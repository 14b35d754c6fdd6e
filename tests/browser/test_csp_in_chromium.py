"""The Content-Security-Policy in a real Chromium: the public pages and the Wagtail admin load
without a single CSP violation, and the search page's scripts (suggestions as you type,
filters that apply on change) still run under the policy."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from search import service
from tests.catalog.lists.conftest import ensure_migrated_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "Csp-admin-pass-2026"


@pytest.fixture
def watched(browser):
    """A page, and the console messages that report a CSP violation on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page, violations
    context.close()


def _material():
    ensure_migrated_data()
    return material_upsert(
        "csp-test",
        MaterialRecord(
            remote_id="r1",
            title="Fractions on a number line",
            url="https://example.org/fractions",
            description="Students place fractions on a number line.",
            subjects=("Mathematics",),
            grades=("3",),
        ),
    ).material


def test_public_pages_load_without_csp_violations(watched, live_server):
    page, violations = watched
    material = _material()
    for path in (
        "/",
        "/search/?q=fractions",
        "/materials/",
        material.get_absolute_url(),
        "/standards/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ):
        response = page.goto(live_server.url + path)
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("load")
    assert violations == []


def test_search_scripts_run_under_the_policy(watched, live_server):
    page, violations = watched
    _material()
    service.index_rebuild()  # the material and its subject facet are searchable
    page.goto(live_server.url + "/search/?q=fractions")
    box = page.locator("#search-q")
    with page.expect_response(lambda r: "/api/v1/suggest" in r.url) as suggest:
        box.fill("")
        box.press_sequentially("fract", delay=20)
    assert suggest.value.ok
    if suggest.value.json().get("suggestions"):
        page.wait_for_function("document.querySelectorAll('#search-suggestions option').length > 0")
    facet = page.locator(".facet input[type=checkbox]").first
    with page.expect_navigation():  # a filter applies on change, without pressing Search
        facet.check()
    assert "q=fract&" in page.url and page.url.count("=") > 2  # the typed words and the filter
    with page.expect_navigation():
        page.select_option("#search-sort", index=1)
    assert "sort=" in page.url
    assert violations == []


def test_admin_works_under_its_policy(watched, live_server):
    page, violations = watched
    ensure_migrated_data()
    get_user_model().objects.create_superuser("csp-admin", "csp@example.org", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "csp-admin")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "/admin/login" not in page.url
    for path in ("/admin/", "/admin/pages/", reverse("lists_admin:dashboard"), "/admin/snippets/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    # Wagtail's own scripts ran: the sidebar is drawn by JavaScript.
    page.goto(live_server.url + "/admin/")
    page.wait_for_selector("[data-wagtail-sidebar] nav, .sidebar nav", state="attached")
    assert violations == []
