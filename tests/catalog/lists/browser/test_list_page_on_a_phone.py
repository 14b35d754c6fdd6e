"""The public list page fits a phone's width (390 CSS pixels): nothing scrolls sideways."""

import pytest

from catalog.lists.services.versions import list_publish
from tests.browser.test_pages_in_chromium import _shot

from ..flow import approve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_list_page_fits_a_phone(browser, live_server, curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"], tier="Tier 1", public_rationale="Ok")
    approve(curator, [reviewer], list_page, materials["by-nc"], tier="Tier 2")
    list_publish(curator, list_page)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + list_page.url)
    width = page.evaluate("document.documentElement.scrollWidth")
    _shot(page, "list-page-phone")
    context.close()
    assert width <= 390, width
