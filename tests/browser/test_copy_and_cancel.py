"""In Chromium, under the site's Content-Security-Policy: the material page's copy buttons put
the full attribution and the page link on the clipboard, and cancelling a new customize leaves
nothing in "My work"."""

from __future__ import annotations

import pytest

from catalog.teachers.models import Adaptation
from tests.browser.test_teacher_flows import _sign_up
from tests.catalog.teachers.conftest import load_real
from tests.conftest import load_licenses

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def context(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield ctx
    ctx.close()


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return errors


def test_copy_buttons_put_the_attribution_and_link_on_the_clipboard(context, live_server):
    from playwright.sync_api import expect

    load_licenses()
    material = load_real()["by"]
    page = context.new_page()
    errors = _csp_errors(page)
    page.goto(live_server.url + material.get_absolute_url())
    button = page.get_by_role("button", name="Copy attribution")
    assert button.is_visible()  # shown by copy.js: the script ran under the CSP
    expected = button.get_attribute("data-copy")
    assert expected.startswith(f'"{material.title}"') and "is licensed under CC BY 4.0" in expected
    button.click()
    expect(page.locator("#attribution-copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#share-copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert errors == []


def test_cancelling_a_new_customize_leaves_no_draft(context, live_server):
    load_licenses()
    material = load_real()["by-sa"]
    base = live_server.url
    page = context.new_page()
    errors = _csp_errors(page)
    _sign_up(page, base, "cara")
    page.goto(base + material.get_absolute_url())
    page.get_by_role("button", name="Customize").click()
    page.wait_for_url("**/edit/?new=1")
    assert Adaptation.objects.filter(owner__username="cara").count() == 1
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_url(base + material.get_absolute_url())
    assert "Cancelled: nothing was saved." in page.content()
    assert not Adaptation.objects.filter(owner__username="cara").exists()
    page.goto(base + "/my/")
    assert material.title not in page.content()
    assert errors == []
