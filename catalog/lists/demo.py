"""The demo approved list: "Middle school science simulations", published on a fresh install
(``manage.py demo_list``, run by scripts/bootstrap.sh) so state staff see a finished list.

It goes through the same services a state's staff use: a scripted curator nominates the
demo catalog's PhET science simulations for grades 6–8, assigns the scripted reviewer, who
scores every criterion of the list's rubric, then approves each and publishes the list.
The scores and rationale say plainly that this is a scripted demonstration, not a review.

The two scripted accounts hold the Curators and Reviewers roles but have no usable password
and no e-mail address: nobody can sign in as them or reset their password.

Idempotent: the page is found by its slug, materials already on it are left as they are,
and a new version is published only when the approved entries changed.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.materials.grades import grade_range
from catalog.materials.models import Material
from catalog.pages.models import HomePage

from . import compat
from .errors import ListsError
from .models import ApprovedListPage, Decision, EntryStage, ListEntry
from .page_selectors import version_latest
from .selectors import list_rubric
from .services.entries import entry_assign_reviewers, entry_decide, entry_nominate
from .services.reviews import review_submit
from .services.versions import list_publish

DEMO_LIST_SLUG = "middle-school-science-simulations"
DEMO_LIST_TITLE = "Middle school science simulations"
DEMO_SOURCE = "phet-demo"
SCIENCE_SUBJECTS = {"physics", "chemistry", "biology", "earth & space", "earth science"}
GRADES = (6, 8)
MAX_ENTRIES = 12
CURATOR, REVIEWER = "demo-list-curator", "demo-reviewer"
DEMO_NOTE = "Scripted demonstration review, not an evaluation by a state."
SCORE, SCORE_COMMENT = 3, "Demo: interactive, openly licensed simulation ({criterion})."


def _scripted_user(username: str, role: str, first_name: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": "(scripted)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def demo_list_materials(limit: int = MAX_ENTRIES) -> list[Material]:
    """Active PhET simulations of the demo with a science subject, a grade in 6–8 and a licence
    open under the default definition, by title."""
    chosen = []
    candidates = Material.objects.filter(source_key=DEMO_SOURCE).exclude(status="withdrawn")
    for material in candidates.select_related("license").order_by("title", "pk"):
        subjects = {s.strip().lower() for s in material.effective("subjects") or []}
        low, high = grade_range(material.effective("grades") or [])
        if not subjects & SCIENCE_SUBJECTS or low is None or low > GRADES[1] or high < GRADES[0]:
            continue
        if compat.is_open(material.license):
            chosen.append(material)
        if len(chosen) == limit:
            break
    return chosen


def _list_page() -> ApprovedListPage:
    page = ApprovedListPage.objects.filter(slug=DEMO_LIST_SLUG).first()
    if page is not None:
        return page
    home = HomePage.objects.first()
    if home is None:
        raise ListsError("No home page: run migrate first.")
    page = ApprovedListPage(
        title=DEMO_LIST_TITLE,
        slug=DEMO_LIST_SLUG,
        jurisdiction="US-DEMO",
        subject="Science",
        grade_min=GRADES[0],
        grade_max=GRADES[1],
        effective_date=dt.date(2026, 7, 1),
        criteria=(
            "<p>A demonstration list: PhET interactive science simulations for grades 6–8, "
            f"reviewed against the Achieve OER rubrics. {DEMO_NOTE}</p>"
        ),
    )
    home.add_child(instance=page)
    return ApprovedListPage.objects.get(pk=page.pk)


def _approve(curator, reviewer, page: ApprovedListPage, material: Material) -> bool:
    """Walk one material from nomination to approval; False when it is already decided."""
    entry = ListEntry.objects.filter(list_page=page, material=material).first()
    if entry is not None and entry.stage == EntryStage.DECIDED:
        return False
    if entry is None or entry.stage == EntryStage.REMOVED:
        entry = entry_nominate(curator, page, material, note=DEMO_NOTE)
    entry_assign_reviewers(curator, entry, [reviewer])
    criteria = list_rubric(page).criteria.all()
    scores = {c.number: (SCORE, SCORE_COMMENT.format(criterion=c.number)) for c in criteria}
    review_submit(reviewer, entry, scores, summary=DEMO_NOTE)
    entry_decide(curator, entry, Decision.APPROVED, public_rationale=DEMO_NOTE)
    return True


def demo_list_publish(limit: int = MAX_ENTRIES) -> dict:
    """Create (once) and publish the demo list; returns what changed."""
    curator = _scripted_user(CURATOR, "Curators", "Demo curator")
    reviewer = _scripted_user(REVIEWER, "Reviewers", "Demo reviewer")
    page = _list_page()
    materials = demo_list_materials(limit)
    approved = sum(_approve(curator, reviewer, page, m) for m in materials)
    version = None
    if approved or version_latest(page) is None:
        try:
            version = list_publish(curator, page, note=DEMO_NOTE)
        except ListsError:
            version = None  # nothing approved (no PhET records in this catalog)
    latest = version_latest(page)
    return {
        "list": page.title,
        "url": page.url,
        "materials": len(materials),
        "approved": approved,
        "published_version": version.number if version else None,
        "latest_version": latest.number if latest else None,
    }
