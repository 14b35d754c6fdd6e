"""Publication: numbered versions, changelogs, stable URLs, the Wagtail workflow path."""

import pytest
from django.core.exceptions import PermissionDenied

from catalog.lists.errors import ListsError
from catalog.lists.models import Decision, ListVersion
from catalog.lists.rows import changelog
from catalog.lists.services.entries import entry_decide, entry_remove
from catalog.lists.services.versions import list_publish

from .flow import approve

pytestmark = pytest.mark.django_db


def test_publications_are_numbered_with_changelogs(curator, reviewer, list_page, materials):
    a = approve(curator, [reviewer], list_page, materials["by"], tier="Tier 1")
    v1 = list_publish(curator, list_page, note="First list")
    assert v1.number == 1 and v1.published_by == curator
    assert [r["material_id"] for r in v1.entries] == [materials["by"].pk]
    assert v1.changelog["added"][0]["material_id"] == materials["by"].pk
    assert v1.entries[0]["reviewers"] == ["Rita Reviewer"]

    approve(curator, [reviewer], list_page, materials["by-sa"])
    entry_decide(curator, a, Decision.APPROVED, tier="Tier 2")
    v2 = list_publish(curator, list_page)
    assert v2.number == 2
    assert [e["material_id"] for e in v2.changelog["added"]] == [materials["by-sa"].pk]
    assert v2.changelog["changed"][0]["fields"]["tier"] == ["Tier 1", "Tier 2"]

    entry_remove(curator, a, "superseded")
    v3 = list_publish(curator, list_page)
    assert [e["material_id"] for e in v3.changelog["removed"]] == [materials["by"].pk]
    # Earlier versions keep their rows.
    v1.refresh_from_db()
    assert [r["material_id"] for r in v1.entries] == [materials["by"].pk]


def test_publishing_nothing_new_is_refused(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"])
    list_publish(curator, list_page)
    with pytest.raises(ListsError, match="Nothing changed"):
        list_publish(curator, list_page)
    assert ListVersion.objects.filter(list_page=list_page).count() == 1


def test_only_curators_publish(reviewer, curator, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"])
    with pytest.raises(PermissionDenied):
        list_publish(reviewer, list_page)
    assert not ListVersion.objects.exists()


def test_not_approved_entries_are_not_published(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"])
    approve(curator, [reviewer], list_page, materials["by-sa"], decision=Decision.NOT_APPROVED)
    version = list_publish(curator, list_page)
    assert [r["material_id"] for r in version.entries] == [materials["by"].pk]


def test_publishing_through_a_wagtail_approval_workflow_makes_a_version(
    curator, reviewer, list_page, materials
):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from catalog.pages.roles import CURATORS

    task = GroupApprovalTask.objects.create(name="Curators approve the list")
    task.groups.set([curator.groups.get(name=CURATORS)])
    workflow = Workflow.objects.create(name="List publication")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=list_page)

    approve(curator, [reviewer], list_page, materials["by"])
    revision = list_page.save_revision(user=curator)
    state = workflow.start(list_page, curator)
    assert not ListVersion.objects.exists()  # in moderation: nothing published yet
    state.current_task_state.task.on_action(
        state.current_task_state, curator, "approve", comment="ok"
    )
    list_page.refresh_from_db()
    assert list_page.live_revision_id == revision.pk
    version = ListVersion.objects.get(list_page=list_page)
    assert version.number == 1 and version.published_by == curator


def test_changelog_is_a_pure_diff():
    old = [{"material_id": 1, "title": "A", "tier": "1"}, {"material_id": 2, "title": "B"}]
    new = [{"material_id": 1, "title": "A", "tier": "2"}, {"material_id": 3, "title": "C"}]
    log = changelog(old, new)
    assert log["added"] == [{"material_id": 3, "title": "C"}]
    assert log["removed"] == [{"material_id": 2, "title": "B"}]
    assert log["changed"] == [{"material_id": 1, "title": "A", "fields": {"tier": ["1", "2"]}}]
