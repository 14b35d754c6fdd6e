"""In Chromium, under the site's Content-Security-Policy: the material page fills in its
similar materials after load, from the part it fetches."""

from __future__ import annotations

import pytest

from search import service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_page_fills_in_its_similar_materials_after_load(browser, live_server, full_page):
    from playwright.sync_api import expect

    near = service.similar(full_page.pk, 6)
    assert near
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + full_page.get_absolute_url())
    links = page.locator("section.material-similar li a")
    expect(links).to_have_count(len(near))
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [h.url for h in near]
    assert page.locator("section.material-similar[data-similar-src]").count() == 0  # replaced
    assert errors == []
    page.close()
