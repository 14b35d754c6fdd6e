"""The staff screens in the Wagtail admin: who sees what, and forms that call the services."""

import pytest
from django.urls import reverse

from catalog.lists.models import Decision, ListEntry, ListVersion, ReviewStatus
from catalog.lists.services.entries import entry_assign_reviewers, entry_nominate

from .conftest import full_scores

pytestmark = pytest.mark.django_db


def score_post(scores):
    data = {"action": "score", "score-summary": "ok"}
    for number, (score, comment) in scores.items():
        data[f"score-score_{number}"] = "na" if score is None else str(score)
        data[f"score-comment_{number}"] = comment
    return data


@pytest.fixture
def entry(curator, reviewer, list_page, materials):
    entry = entry_nominate(curator, list_page, materials["by"])
    entry_assign_reviewers(curator, entry, [reviewer])
    return entry


def test_nominate_score_decide_publish_through_the_admin(
    client, curator, reviewer, list_page, materials
):
    client.force_login(curator)
    list_url = reverse("lists_admin:list", args=[list_page.pk])
    response = client.post(
        list_url, {"nominate-material": materials["by"].slug, "nominate-note": ""}
    )
    assert response.status_code == 302
    entry = ListEntry.objects.get(list_page=list_page, material=materials["by"])
    entry_url = reverse("lists_admin:entry", args=[entry.pk])
    client.post(entry_url, {"action": "assign", "assign-reviewers": [reviewer.pk]})
    assert entry.reviews.get().reviewer == reviewer

    client.force_login(reviewer)
    assert materials["by"].title in client.get(reverse("lists_admin:dashboard")).content.decode()
    response = client.post(entry_url, score_post(full_scores(3)))
    assert response.status_code == 302
    assert entry.reviews.get().status == ReviewStatus.SUBMITTED

    client.force_login(curator)
    page = client.get(entry_url).content.decode()
    assert "mean rating 3.00" in page
    client.post(
        entry_url,
        {
            "action": "decide",
            "decide-decision": Decision.APPROVED,
            "decide-tier": "Tier 1",
            "decide-public_rationale": "Strong",
        },
    )
    entry.refresh_from_db()
    assert entry.is_approved
    client.post(list_url, {"action": "publish", "publish-note": "first"})
    assert ListVersion.objects.get(list_page=list_page).note == "first"


def test_screen_says_why_a_license_is_not_open(client, curator, list_page, materials):
    client.force_login(curator)
    list_url = reverse("lists_admin:list", args=[list_page.pk])
    response = client.post(
        list_url,
        {"nominate-material": materials["by-nc-nd"].slug, "nominate-note": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "is not open under this list" in body and "forbids adaptations (ND)" in body
    assert not list_page.entries.exists()


def refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_reviewer_cannot_open_an_entry_they_are_not_assigned(client, entry, reviewer2):
    client.force_login(reviewer2)
    response = client.get(reverse("lists_admin:entry", args=[entry.pk]))
    assert refused(response)


def test_reviewer_cannot_decide_through_the_admin(client, entry, reviewer):
    client.force_login(reviewer)
    url = reverse("lists_admin:entry", args=[entry.pk])
    response = client.post(url, {"action": "decide", "decide-decision": Decision.APPROVED})
    assert refused(response)
    entry.refresh_from_db()
    assert entry.decision == ""


def test_reviewer_cannot_publish_through_the_admin(client, entry, reviewer, list_page):
    client.force_login(reviewer)
    url = reverse("lists_admin:list", args=[list_page.pk])
    assert refused(client.post(url, {"action": "publish"}))
    assert not ListVersion.objects.exists()


def test_teacher_has_no_admin_access(client, teacher, entry):
    client.force_login(teacher)
    response = client.get(reverse("lists_admin:dashboard"))
    assert response.status_code in (302, 403)


def test_dashboard_offers_a_new_list_and_explains_the_steps(client, curator):
    client.force_login(curator)
    body = client.get(reverse("lists_admin:dashboard")).content.decode()
    assert "New list" in body and "/admin/pages/add/lists/approvedlistpage/" in body
    assert 'id="lists-empty"' in body and "nominate materials" in body


def test_list_editor_offers_named_grades_and_catalog_subjects(client, curator, materials):
    from catalog.pages.models import HomePage

    client.force_login(curator)
    home = HomePage.objects.first()
    body = client.get(f"/admin/pages/add/lists/approvedlistpage/{home.pk}/").content.decode()
    assert '<option value="-1">Pre-K</option>' in body
    assert '<option value="3">Grade 3</option>' in body
    assert "-1 = PreK" not in body
    subject = next(s for m in materials.values() for s in m.subjects)
    from catalog.vocabulary import subject_label

    assert f'<option value="{subject_label(subject)}">' in body


def test_nominating_uses_a_chooser_with_search_and_licence_filter(
    client, curator, list_page, materials
):
    client.force_login(curator)
    url = reverse("lists_admin:list", args=[list_page.pk])
    by, nd = materials["by"], materials["by-nc-nd"]
    word = by.title.split()[0]
    body = client.get(url, {"q": word}).content.decode()
    assert 'id="chooser"' in body and by.title in body
    # A material the list's definition refuses is shown as refused, with no nominate button.
    body = client.get(url, {"q": nd.title.split()[0], "license": "CC-BY-NC-ND-4.0"}).content
    body = body.decode()
    assert nd.title in body and by.title not in body and "forbids adaptations (ND)" in body
    assert f'name="nominate-material" value="{nd.pk}"' not in body
    response = client.post(url, {"nominate-material": str(by.pk), "nominate-note": ""})
    assert response.status_code == 302 and list_page.entries.get().material == by


def test_review_screen_has_real_empty_states_and_shows_assigned_reviewers(
    client, curator, reviewer, entry
):
    client.force_login(curator)
    body = client.get(reverse("lists_admin:entry", args=[entry.pk])).content.decode()
    assert "mean rating —" not in body and "()" not in body
    assert "No reviews submitted yet" in body
    assert "Not scored yet" in body
    assert f'value="{reviewer.pk}"' in body
    checkbox = body.split(f'value="{reviewer.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in checkbox
