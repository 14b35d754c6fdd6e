"""End to end in Debian's headless Chromium: nominate → assign → score (two reviewers) →
decide → publish → export CSV, then a license change at the source raises a re-review."""

import dataclasses

import pytest

from catalog.lists.models import ListEntry
from catalog.materials.services import material_upsert
from tests.browser.test_pages_in_chromium import _shot

from ..conftest import demo_records

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "pw-Secret-123"


def signed_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return context, page


def submit(page, selector):
    """Click a form's submit button and wait for the POST → redirect → page to finish."""
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_review_publish_export_and_rereview(
    browser, live_server, curator, reviewer, reviewer2, list_page, materials
):
    material = materials["by"]
    admin = f"{live_server.url}/admin/lists"

    ctx, page = signed_in(browser, live_server, curator.username)
    page.goto(f"{admin}/{list_page.pk}/")
    page.get_by_label("Title words, slug or id").fill(material.title)
    with page.expect_navigation():
        page.get_by_role("button", name="Find materials").click()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Nominate {material.title}").click()
    page.get_by_role("link", name=material.title).click()
    page.check(f"#assign input[value='{reviewer.pk}']")
    page.check(f"#assign input[value='{reviewer2.pk}']")
    submit(page, "#assign")
    entry_url = page.url
    ctx.close()

    for person, score in ((reviewer, "3"), (reviewer2, "2")):
        ctx, page = signed_in(browser, live_server, person.username)
        page.goto(f"{admin}/")
        page.locator("#my-queue").get_by_role("link", name=material.title).click()
        for number in ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]:
            page.select_option(f"#id_score-score_{number}", "na" if number == "V" else score)
            page.fill(f"#id_score-comment_{number}", f"{person.username} on rubric {number}")
        submit(page, "#score")
        assert "Scores submitted" in page.content()
        ctx.close()

    ctx, page = signed_in(browser, live_server, curator.username)
    page.goto(entry_url)
    assert "2 reviews submitted; mean rating 2.50" in page.locator("#aggregate").inner_text()
    page.select_option("#id_decide-decision", "approved")
    page.fill("#id_decide-tier", "Tier 1")
    page.fill("#id_decide-public_rationale", "Clear, well scaffolded lessons")
    submit(page, "#decide")
    page.goto(f"{admin}/{list_page.pk}/")
    page.fill("#id_publish-note", "First publication")
    submit(page, "#publish")
    assert "Published version 1" in page.content()
    _shot(page, "lists-admin-published")

    public = ctx.new_page()
    public.goto(f"{live_server.url}{list_page.url}")
    assert public.get_by_role("link", name=material.title).is_visible()
    with public.expect_download() as info:
        public.get_by_role("link", name="CSV").click()
    with open(info.value.path(), encoding="utf-8") as handle:
        csv_text = handle.read()
    assert material.title in csv_text and "Tier 1" in csv_text
    _shot(public, "lists-public-page")

    # The license changes at the source: the entry asks for re-review on the dashboard.
    record = next(r[0] for r in demo_records().values() if r[0].url == material.url)
    material_upsert(
        "oer-commons-demo",
        dataclasses.replace(record, license_raw="https://creativecommons.org/licenses/by-nc/4.0/"),
    )
    assert ListEntry.objects.get(material=material).needs_rereview
    page.goto(f"{admin}/")
    flagged = page.locator("#rereview").inner_text()
    assert material.title in flagged and "license changed" in flagged
    _shot(page, "lists-admin-rereview")
    ctx.close()
