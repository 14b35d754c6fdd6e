"""The search page in headless Chromium at desktop and phone widths: results first on a phone,
filters under a keyboard-usable disclosure, no sideways scrolling, "Show more" on long facets,
a page past the end, and axe-core finding nothing in any of those states."""

from __future__ import annotations

from unittest import mock

import pytest

from tests.browser.test_accessibility import AXE, _violations
from tests.browser.test_pages_in_chromium import _shot
from tests.conftest import load_licenses, require_or_skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


def _catalog() -> None:
    """The real OER Commons demo records, indexed (many subjects, grades and pages)."""
    from catalog.materials.signals import materials_changed
    from harvesters.demo import DEMO_SOURCE_KEY, demo_catalog_load, demo_sources
    from search import service

    load_licenses()
    with mock.patch.object(materials_changed, "send"):  # one rebuild, not a signal per record
        demo_catalog_load([s for s in demo_sources() if s.key == DEMO_SOURCE_KEY])
    service.index_rebuild()
    service.index_refresh()


@pytest.fixture
def contexts(browser):
    require_or_skip(AXE.is_file(), f"{AXE} is missing (scripts/services.sh axe)")
    made = []

    def new(viewport):
        ctx = browser.new_context(viewport=viewport, bypass_csp=True)
        made.append(ctx)
        return ctx.new_page()

    yield new
    for ctx in made:
        ctx.close()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_search_page_on_a_phone_and_a_desktop(contexts, live_server, shared_data):
    _catalog()
    base = live_server.url + "/search/"
    found: dict[str, list[str]] = {}

    phone = contexts(PHONE)
    found["phone"] = _violations(phone, base + "?q=education")
    first = phone.locator(".result").first.bounding_box()
    assert first is not None and first["y"] < 844, first
    _shot(phone, "search-phone")
    assert _overflow(phone) <= 0
    filters = phone.locator("#filters")
    assert filters.evaluate("el => el.open") is False
    assert not phone.locator(".facet input").first.is_visible()
    # Keyboard only: Tab to the "Filters" disclosure, open it, tick the first value.
    summary = phone.locator("#filters > summary")
    for _ in range(30):
        phone.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    assert summary.evaluate("el => el === document.activeElement")
    phone.keyboard.press("Enter")
    assert filters.evaluate("el => el.open") is True
    assert phone.locator(".facet input").first.is_visible()
    assert _overflow(phone) <= 0
    _shot(phone, "search-phone-filters-open")
    found["phone, filters open"] = _violations_here(phone)

    desktop = contexts({"width": 1280, "height": 900})
    found["desktop"] = _violations(desktop, base + "?q=")
    assert desktop.locator(".facet input").first.is_visible()
    assert not desktop.locator("#filters > summary").is_visible()
    more = desktop.locator(".facet-more > summary").first
    more.click()
    assert desktop.locator(".facet-more ul input").first.is_visible()
    _shot(desktop, "search-desktop-show-more")
    found["desktop, show more open"] = _violations_here(desktop)

    # A rare value ticked stays in sight; a page past the end says so.
    rare = desktop.locator(".facet-more ul input[name=subject]").last.get_attribute("value")
    found["desktop, rare subject ticked"] = _violations(desktop, base + f"?q=&subject={rare}")
    assert desktop.locator(f".facet > ul input[value='{rare}']").is_checked()
    # A typed standard code is one ticked value of the Standard group, above its box.
    found["desktop, standard typed"] = _violations(desktop, base + "?q=&standard=3.NF.A.1")
    assert desktop.locator(".facet-standard > ul input[value='3.NF.A.1']").is_checked()
    found["page past the end"] = _violations(desktop, base + "?q=education&page=400")
    assert "is past the end" in desktop.locator(".search-past-end").inner_text()
    found = {name: lines for name, lines in found.items() if lines}
    assert not found, found


def _violations_here(page) -> list[str]:
    """axe on the page as it is now (after clicks), not reloaded."""
    import json

    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, {rules: "
        "{'label-content-name-mismatch': {enabled: true}}})).violations)"
    )
    return [f"{v['id']} ×{len(v['nodes'])}" for v in json.loads(result)]
