"""axe-core in headless Chromium over every public page type and the main staff screens: any
violation (WCAG 2.1 A/AA and axe's best practices, plus its experimental check that a
control's visible text is part of its accessible name, WCAG 2.5.3) fails the build. Plus
keyboard-only use of the list review form.

axe.min.js comes from the axe-core npm package that ``scripts/services.sh start`` (or
``scripts/services.sh axe``) installs under ``.services/tools``; it is injected into each page
with Content-Security-Policy bypassed for this context only (the site's CSP forbids the inline
script Playwright adds; tests/browser/test_csp_in_chromium.py checks the CSP itself).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.catalog.lists.conftest import (
    add_math_list_page,
    demo_records,
    ensure_migrated_data,
    full_scores,
    load_license_registry,
)
from tests.conftest import ROOT, SHARED_DATA, require_or_skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "Axe-pass-2026"
AXE = (
    Path(os.environ.get("OER_SERVICES_DIR", ROOT / ".services"))
    / "tools/node_modules/axe-core/axe.min.js"
)


@pytest.fixture
def axe_context(browser):
    require_or_skip(AXE.is_file(), f"{AXE} is missing (scripts/services.sh axe)")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield ctx
    ctx.close()


def _violations(page, url: str, status: int = 200) -> list[str]:
    """axe's violations on ``url`` as readable lines (rule, impact, first targets)."""
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, {rules: "
        "{'label-content-name-mismatch': {enabled: true}}})).violations)"
    )
    lines = []
    for v in json.loads(result):
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: {targets}")
    return lines


def _sign_in(page, base: str, username: str, admin: bool = False) -> None:
    page.goto(base + ("/admin/login/" if admin else "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit], main form input[type=submit]")


def _user(username, group=None, **extra):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _world() -> dict:
    """One of everything a page type shows: real materials and licences, a published list with
    an approved entry, a CCSS framework, a public collection, a harvest run with an error."""
    from catalog.lists.services.entries import entry_assign_reviewers, entry_decide, entry_nominate
    from catalog.lists.services.reviews import review_submit
    from catalog.lists.services.versions import list_publish
    from catalog.materials.services import material_upsert
    from catalog.pages.roles import roles_sync
    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Framework, StandardItem
    from catalog.teachers.services.collections import collection_add_material, collection_create
    from harvesters.models import HarvestRun, RecordError
    from harvesters.services import harvest_source_create

    home = ensure_migrated_data()
    roles_sync()  # the lists grants included
    load_license_registry()
    materials = {
        code: material_upsert("oer-commons-demo", recs[0]).material
        for code, recs in demo_records().items()
    }
    staff = get_user_model().objects.create_superuser("stella", "stella@example.org", PASSWORD)
    reviewer = _user("rita", "Reviewers", first_name="Rita", last_name="Reviewer")
    teacher = _user("tom", "Teachers")

    list_page = add_math_list_page(home)
    entry = entry_nominate(staff, list_page, materials["by"])
    entry_assign_reviewers(staff, entry, [reviewer])
    review_submit(reviewer, entry, full_scores(3))
    entry_decide(staff, entry, "approved", tier="Tier 1", public_rationale="Well scaffolded")
    list_publish(staff, list_page, "First publication")
    pending = entry_nominate(staff, list_page, materials["by-sa"])
    entry_assign_reviewers(staff, pending, [reviewer])

    standards = SHARED_DATA / "standards"
    standards_import(
        [
            str(standards / "case-opensalt/CCSS-Math_CASE_math_cfs_sample.json"),
            str(
                standards
                / "asn-common-standards-project/ccssi-identifiers/CCSSI-identifiers-v2.json"
            ),
        ]
    )
    framework = Framework.objects.get(identifier="http://purl.org/ASN/resources/D10003FB")
    item = StandardItem.objects.filter(framework=framework, children__isnull=False).first()

    collection = collection_create(teacher, title="Fractions unit", visibility="public")
    collection_add_material(collection, materials["by"], note="Start here")
    collection_add_material(collection, materials["by-sa"])

    source = harvest_source_create("oer-lom", "oai-pmh", "http://127.0.0.1:1/oai", every_hours=6)
    run = HarvestRun.objects.create(source=source, status="partial", seen=3, errors=1)
    RecordError.objects.create(run=run, stage="normalize", identifier="oai:x:1", message="no title")
    from search import service

    service.index_rebuild()  # the search pages show these materials on either engine
    return {
        "materials": materials,
        "list": list_page,
        "entry": pending,
        "framework": framework,
        "item": item,
        "collection": collection,
        "source": source,
        "run": run,
        "staff": staff,
        "reviewer": reviewer,
        "teacher": teacher,
    }


def test_public_pages_have_no_axe_violations(axe_context, live_server, shared_data):
    world = _world()
    base = live_server.url
    material = world["materials"]["by"]
    pages = {
        "home": "/",
        "search": "/search/?q=fractions",
        "material": material.get_absolute_url(),
        "licence index": "/licenses/",
        "licence detail": "/licenses/CC-BY-4.0/",
        "standards index": "/standards/",
        "framework": f"/standards/frameworks/{world['framework'].pk}/",
        "standard item": f"/standards/items/{world['item'].pk}/",
        "lists index": "/lists/",
        "list": world["list"].url,
        "list versions": world["list"].url + "versions/",
        "collections": "/collections/",
        "collection": world["collection"].get_absolute_url(),
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "404": "/no-such-page/",
    }
    page = axe_context.new_page()
    found = {
        name: _violations(page, base + url, 404 if name == "404" else 200)
        for name, url in pages.items()
    }
    # The owner's view of a collection (move buttons) and a teacher refused at /moderation/.
    _sign_in(page, base, "tom")
    found["own collection"] = _violations(page, base + world["collection"].get_absolute_url())
    found["403"] = _violations(page, base + "/moderation/", 403)
    found = {name: lines for name, lines in found.items() if lines}
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_staff_screens_have_no_axe_violations(axe_context, live_server, shared_data):
    world = _world()
    base = live_server.url
    page = axe_context.new_page()
    _sign_in(page, base, "stella", admin=True)
    pages = {
        "dashboard": "/admin/",
        "lists dashboard": "/admin/lists/",
        "list": f"/admin/lists/{world['list'].pk}/",
        "nomination chooser": f"/admin/lists/{world['list'].pk}/?q=a",
        "entry review": f"/admin/lists/entries/{world['entry'].pk}/",
        "harvest sources": "/admin/snippets/harvesters/harvestsource/",
        "harvest run": f"/admin/snippets/harvesters/harvestrun/inspect/{world['run'].pk}/",
        "harvest run now": f"/admin/harvesting/sources/{world['source'].pk}/run-now/",
        "licence review queue": "/admin/licenses/review/",
    }
    found = {name: _violations(page, base + url) for name, url in pages.items()}
    found = {name: lines for name, lines in found.items() if lines}
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_review_form_by_keyboard_alone(axe_context, live_server, shared_data):
    """A reviewer scores every criterion and submits with Tab, arrow keys and Enter only."""
    from catalog.lists.models import Review

    world = _world()
    base = live_server.url
    page = axe_context.new_page()
    _sign_in(page, base, "rita", admin=True)
    page.goto(base + f"/admin/lists/entries/{world['entry'].pk}/")
    first = page.locator("#id_score-score_I")
    first.focus()
    for _number in ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]:
        # A native <select> takes its value from typed characters; "3" picks "3 …".
        page.keyboard.type("3")
        page.keyboard.press("Tab")  # to the criterion's comment
        page.keyboard.type("Clear and well sequenced")
        page.keyboard.press("Tab")  # to the next criterion's score (or past the last one)
    focused = page.evaluate("document.activeElement.name || document.activeElement.id")
    # Tab on through the summary (if any) to the submit button, then Enter.
    for _ in range(5):
        tag = page.evaluate("document.activeElement.type")
        if tag == "submit":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit", focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    review = Review.objects.get(entry=world["entry"], reviewer=world["reviewer"])
    assert review.submitted_at is not None
    assert "Scores submitted" in page.content()
