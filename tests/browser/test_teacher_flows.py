"""A new teacher's journey in headless Chromium on real OER Commons records: sign up, search,
build a collection, customize a CC BY-SA and a CC BY-NC lesson, be refused on CC BY-ND, remix
two clashing materials, pull a change of the original, submit and get approved; then another
teacher tries the first one's private collection and fork by URL."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.materials.services import material_upsert
from catalog.teachers.models import Adaptation, Collection
from harvesters.demo import DEMO_SOURCE_KEY
from search import service
from tests.browser.test_pages_in_chromium import ARTIFACTS
from tests.catalog.teachers.conftest import load_real
from tests.catalog.teachers.test_services import _record_of
from tests.conftest import load_licenses

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "Chromium-pass-2026"


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"teacher-{name}.png"), full_page=True)


def _sign_up(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label("Display name").fill(username.title() + " Teacher")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(base + "/my/")


def test_a_new_teachers_journey(context, browser, live_server):
    load_licenses()
    real = load_real()
    service.index_rebuild()  # the real records are searchable, as after a harvest
    base = live_server.url
    page = context.new_page()

    # Sign up.
    _sign_up(page, base, "ana")
    assert page.get_by_role("heading", name="My work").is_visible()

    # Search the real records (the site's search page) and open a result.
    by_sa = real["by-sa"]
    page.goto(base + "/")
    page.get_by_label("Search open materials").fill(by_sa.title)
    page.get_by_label("Search open materials").press("Enter")
    page.wait_for_load_state()
    result = page.locator(f'a[href="{by_sa.get_absolute_url()}"]').first
    assert result.count(), "the search page did not find the material by its title"
    result.click()
    page.wait_for_load_state()
    assert page.url == base + by_sa.get_absolute_url()
    assert by_sa.title in page.content()

    # Build a collection: save two materials, write a note.
    page.goto(base + f"/save/{by_sa.slug}/")
    page.get_by_label("Or a new collection named").fill("Library unit")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/collections/[0-9a-f-]+/.*"))
    collection_url = page.url.split("#")[0]
    page.goto(base + f"/save/{real['by-nc'].slug}/")
    page.get_by_label("Collection", exact=True).select_option(label="Library unit")
    page.get_by_label("Note (optional)").fill("Day 2")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/collections/.*"))
    assert page.locator(".collection-item").count() == 2
    _shot(page, "collection")

    # Remix the two: CC BY-SA with CC BY-NC clash; the page says which source to drop.
    for checkbox in page.get_by_label("Select for a remix").all():
        checkbox.check()
    page.get_by_role("button", name="Check a remix of the selected materials").click()
    page.wait_for_url(re.compile(r".*/remix/.*"))
    assert page.get_by_role("heading", name="These materials can’t be combined").is_visible()
    assert "drop “" in page.content()
    _shot(page, "remix-refused")

    # A compatible remix (CC BY + CC BY-NC) is allowed.
    page.goto(base + f"/remix/?m={real['by'].slug}&m={real['by-nc'].slug}")
    assert page.get_by_role("heading", name="These materials can be remixed").is_visible()
    page.get_by_label("Title of your remix").fill("Licensing and more")
    page.get_by_role("button", name="Create the remix").click()
    page.wait_for_url(re.compile(r".*/adaptations/\d+/edit/"))

    # Customize the CC BY-SA lesson: the license picker offers BY-SA, preselected.
    page.goto(base + f"/customize/{by_sa.slug}/")
    page.get_by_role("button", name="Customize").click()
    page.wait_for_url(re.compile(r".*/adaptations/\d+/edit/"))
    assert page.get_by_label("CC BY-SA 4.0").is_checked()
    assert page.get_by_label("CC BY 4.0", exact=True).count() == 0
    page.get_by_label("Your version").fill("Station 1: try the headset.\nStation 2: reflect.")
    page.get_by_label("What you changed").fill("Rewrote it as stations for grade 8")
    page.get_by_label("Grade 8").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/adaptations/\d+/$"))
    assert "Rewrote it as stations for grade 8" in page.locator(".attribution").inner_text()
    assert by_sa.title in page.locator(".attribution").inner_text()
    fork_url = page.url
    _shot(page, "fork")

    # Customize the CC BY-NC lesson: only NonCommercial licenses are offered.
    page.goto(base + f"/customize/{real['by-nc'].slug}/")
    page.get_by_role("button", name="Customize").click()
    page.wait_for_url(re.compile(r".*/adaptations/\d+/edit/"))
    labels = page.locator("fieldset").filter(has_text="License of your version").inner_text()
    assert "CC BY-NC 4.0" in labels and "CC BY-SA 4.0" not in labels

    # Try to customize the CC BY-ND one: refused, in plain words, no button.
    page.goto(base + f"/customize/{real['by-nd'].slug}/")
    assert page.get_by_role("heading", name="Why you can’t customize this material").is_visible()
    assert "NoDerivatives" in page.content()
    assert page.get_by_role("button", name="Customize").count() == 0
    _shot(page, "nd-refused")

    # The original changes at its source; the fork shows it and the teacher pulls it in.
    material_upsert(
        DEMO_SOURCE_KEY, dataclasses.replace(_record_of(by_sa), title=by_sa.title + " (2nd ed.)")
    )
    page.goto(fork_url)
    assert page.get_by_role("heading", name="The original changed").is_visible()
    page.get_by_role("button", name="Pull this change").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=by_sa.title + " (2nd ed.)", level=1).is_visible()

    # Submit for publishing; a curator approves; it becomes a catalog material.
    page.get_by_role("button", name="Submit for publishing").click()
    page.wait_for_load_state()
    assert "Waiting for review" in page.content()
    curator = get_user_model().objects.create_user("cora", "cora@example.org", PASSWORD)
    curator.groups.add(Group.objects.get_or_create(name="Curators")[0])
    cur = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    cpage = cur.new_page()
    cpage.goto(base + "/accounts/login/?next=/moderation/")
    cpage.get_by_label("Username").fill("cora")
    cpage.get_by_label("Password").fill(PASSWORD)
    cpage.get_by_role("button", name="Sign in").click()
    cpage.wait_for_url(base + "/moderation/")
    _shot(cpage, "moderation-phone")
    cpage.get_by_label("Approve and publish").first.check()
    cpage.get_by_role("button", name="Record decision").first.click()
    cpage.wait_for_load_state()
    assert "Published" in cpage.content()
    cur.close()
    fork = Adaptation.objects.get(owner__username="ana", kind="fork", license__key="CC-BY-SA-4.0")
    assert fork.published_material is not None
    page.goto(base + fork.published_material.get_absolute_url())
    assert fork.published_material.title in page.content()

    # Another teacher tries Ana's private collection and her draft fork by URL.
    drafts = Adaptation.objects.filter(owner__username="ana", status="draft")
    other = browser.new_context()
    bpage = other.new_page()
    _sign_up(bpage, base, "ben")
    assert Collection.objects.get(owner__username="ana").visibility == "private"
    for url in (collection_url, base + drafts.first().get_absolute_url()):
        response = bpage.goto(url)
        assert response.status == 404, url
    other.close()
