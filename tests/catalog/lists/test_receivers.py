"""Staying current: a change at the source flags approved entries for re-review."""

import dataclasses

import pytest
from django.core import mail

from catalog.lists.models import Decision, ListEntry
from catalog.materials.services import material_upsert, material_withdraw

from .conftest import demo_records
from .flow import approve

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the signal is sent after commit


def _record_of(material):
    for records in demo_records().values():
        if records[0].url == material.url:
            return records[0]
    raise AssertionError("not a demo material")


def test_license_change_at_source_flags_entry_and_emails_curators(
    curator, reviewer, list_page, materials
):
    entry = approve(curator, [reviewer], list_page, materials["by"])
    mail.outbox.clear()
    record = _record_of(materials["by"])
    material_upsert(
        "oer-commons-demo",
        dataclasses.replace(
            record, license_raw="https://creativecommons.org/licenses/by-nc-nd/4.0/"
        ),
    )
    entry.refresh_from_db()
    assert entry.needs_rereview
    assert "license changed from CC BY 4.0" in entry.rereview_reason
    assert "BY-NC-ND" in entry.rereview_reason.upper().replace(" ", "-")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carla@example.org"]
    assert materials["by"].title in mail.outbox[0].body


def test_url_and_content_changes_are_named(curator, reviewer, list_page, materials):
    entry = approve(curator, [reviewer], list_page, materials["by-sa"])
    record = _record_of(materials["by-sa"])
    material_upsert(
        "oer-commons-demo",
        dataclasses.replace(record, url=record.url + "?v=2", description="Rewritten"),
    )
    entry.refresh_from_db()
    assert entry.needs_rereview
    assert "URL changed" in entry.rereview_reason
    assert "content changed at source" in entry.rereview_reason


def test_withdrawal_flags_entry(curator, reviewer, list_page, materials):
    entry = approve(curator, [reviewer], list_page, materials["by"])
    material_withdraw(materials["by"], "removed from OER Commons")
    entry.refresh_from_db()
    assert entry.needs_rereview and "withdrawn at source" in entry.rereview_reason


def test_unchanged_reharvest_and_unapproved_entries_are_not_flagged(
    curator, reviewer, list_page, materials
):
    approved = approve(curator, [reviewer], list_page, materials["by"])
    rejected = approve(
        curator, [reviewer], list_page, materials["by-sa"], decision=Decision.NOT_APPROVED
    )
    material_upsert("oer-commons-demo", _record_of(materials["by"]))  # same record again
    record = _record_of(materials["by-sa"])
    material_upsert("oer-commons-demo", dataclasses.replace(record, title="New title"))
    assert not ListEntry.objects.get(pk=approved.pk).needs_rereview
    assert not ListEntry.objects.get(pk=rejected.pk).needs_rereview


def test_deciding_again_clears_the_flag_and_takes_a_new_snapshot(
    curator, reviewer, list_page, materials
):
    from catalog.lists.services.entries import entry_decide

    entry = approve(curator, [reviewer], list_page, materials["by"])
    record = _record_of(materials["by"])
    material_upsert("oer-commons-demo", dataclasses.replace(record, url=record.url + "#new"))
    entry.refresh_from_db()
    assert entry.needs_rereview
    entry_decide(curator, entry, Decision.APPROVED)
    entry.refresh_from_db()
    assert not entry.needs_rereview and entry.snapshot_url.endswith("#new")
