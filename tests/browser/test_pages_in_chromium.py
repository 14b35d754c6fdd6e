"""Pages in a real headless Chromium (Debian's package) driven by Playwright."""

from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_home_page_loads_and_skip_link_works(page, live_server):
    page.goto(live_server.url + "/")
    assert "OER Registry" in page.title()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    assert page.get_by_label("Search open materials").is_visible()
    shot = _shot(page, "home")
    assert shot.stat().st_size > 5_000
    print(f"screenshot saved: {shot}")


def test_admin_login_page_loads(page, live_server):
    page.goto(live_server.url + "/admin/")
    page.wait_for_selector("input[name=username]")
    assert page.locator("input[name=password]").is_visible()
    shot = _shot(page, "admin-login")
    assert shot.stat().st_size > 5_000
    print(f"screenshot saved: {shot}")
