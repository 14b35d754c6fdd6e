"""Every write path that changes what a search document holds announces the materials it
changed: the ids are in the index outbox ("lexical") when the operation returns, a changed
material row has a new ``updated_at``, and a drain makes search answer differently."""

# The lists fixtures are imported by name, so tests taking them look like redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.utils import timezone

from catalog.licenses.models import License
from catalog.licenses.selectors import license_get
from catalog.licenses.services import license_mapping_set
from catalog.materials.models import IndexOutbox, Material
from catalog.materials.records import AlignmentRef, MaterialRecord
from catalog.materials.services import (
    material_curate,
    material_curation_state,
    material_upsert,
    material_upsert_many,
    materials_license_set,
)
from catalog.materials.signals import materials_changed
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.selectors import material_standard_codes
from catalog.standards.services import alignment_set
from catalog.teachers import services as teachers
from search import indexing, service
from search.query import SearchQuery
from search.textparse import code_keys
from tests.catalog.lists.conftest import (  # noqa: F401  (fixtures)
    curator,
    list_page,
    materials,
    reviewer,
    roles,
)
from tests.catalog.lists.flow import approve
from tests.catalog.standards.conftest import CCSSI

pytestmark = pytest.mark.django_db

UNKNOWN_LICENSE = "Free to share, says the Quokka Society"


def _record(n: int, **fields) -> MaterialRecord:
    return MaterialRecord(
        **{
            "remote_id": f"write-path-{n}",
            "title": f"Quokka burrows field guide {n}",
            "url": f"https://example.org/quokka-burrows/{n}",
            **fields,
        }
    )


def _queued() -> set[int]:
    return set(
        IndexOutbox.objects.filter(index=indexing.LEXICAL).values_list("material_id", flat=True)
    )


def _forget_queue() -> None:
    IndexOutbox.objects.all().delete()


@pytest.fixture
def own_index(own_search_index):
    """An index of this test's own, built from the materials that exist when it is used."""

    def rebuild():
        service.index_rebuild()
        _forget_queue()

    return rebuild


def _found(text: str, *, drain: bool = True, **filters) -> set[int]:
    if drain:
        indexing.drain_until_empty(due_only=False)
    service.index_refresh()
    query = SearchQuery.build(text, filters=filters, per_page=50)
    return {hit.id for hit in service.search(query).hits}


def test_curator_edit_announces(db):
    material = material_upsert("src", _record(1)).material
    _forget_queue()
    material_curate(
        material,
        {"title": "Quokka burrows, corrected"},
        user=None,
        expected=material_curation_state(material),
    )
    assert _queued() == {material.pk}


def test_harvest_announces_every_changed_material(db):
    results = material_upsert_many("src", [_record(n) for n in range(3)])
    assert _queued() == {r.material.pk for r in results}


def test_licence_mapping_relinks_bumps_updated_at_and_changes_search(licenses, own_index):
    material = material_upsert("src", _record(2, license_raw=UNKNOWN_LICENSE)).material
    other = material_upsert("src", _record(3, license_raw="CC-BY-4.0")).material
    assert material.license is None
    own_index()
    before = Material.objects.get(pk=material.pk).updated_at
    assert _found("quokka burrows", license="CC-BY-4.0") == {other.pk}

    _, changed = license_mapping_set(UNKNOWN_LICENSE, license_get("CC-BY-4.0"))

    assert changed == 1
    assert _queued() == {material.pk}
    relinked = Material.objects.get(pk=material.pk)
    assert relinked.license.key == "CC-BY-4.0" and relinked.updated_at > before
    assert _found("quokka burrows", license="CC-BY-4.0") == {material.pk, other.pk}


def test_licence_review_queue_action_announces(licenses, admin_client):
    material = material_upsert("src", _record(4, license_raw=UNKNOWN_LICENSE)).material
    before = material.updated_at
    _forget_queue()
    response = admin_client.post(
        "/admin/licenses/review/", {"raw": UNKNOWN_LICENSE, "license": "CC-BY-SA-4.0"}
    )
    assert response.status_code == 302
    assert _queued() == {material.pk}
    relinked = Material.objects.get(pk=material.pk)
    assert relinked.license.key == "CC-BY-SA-4.0" and relinked.updated_at > before


def test_license_set_writes_only_changes_and_announces_once(
    licenses, django_capture_on_commit_callbacks
):
    a = material_upsert("src", _record(5, license_raw="CC-BY-4.0")).material
    b = material_upsert("src", _record(6)).material
    _forget_queue()
    by = License.objects.get(key="CC-BY-4.0")
    seen = []

    def listener(sender, ids, **kwargs):
        seen.append(ids)

    materials_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            changed = materials_license_set({by: [a.pk, b.pk]})
    finally:
        materials_changed.disconnect(listener)
    assert changed == [b.pk]
    assert seen == [[b.pk]]
    assert Material.objects.get(pk=b.pk).updated_at > b.updated_at
    assert Material.objects.get(pk=a.pk).updated_at == a.updated_at


def test_standards_import_resolving_a_pending_alignment_changes_search(shared_data, own_index):
    material = material_upsert("src", _record(7)).material
    alignment_set(material, [AlignmentRef("CCSS.Math.Content.3.NF.A.2")], "harvested")
    own_index()
    pending = set(code_keys(material_standard_codes([material.pk])[material.pk]))
    standards_import([str(shared_data / "standards" / CCSSI)])
    assert _queued() == {material.pk}
    [new_code, *_] = sorted(
        set(code_keys(material_standard_codes([material.pk])[material.pk])) - pending
    )
    assert material.pk not in _found("quokka burrows", drain=False, standard=new_code)
    assert material.pk in _found("quokka burrows", standard=new_code)


def test_list_publication_announces_its_materials(curator, reviewer, list_page, materials):
    approve(curator, [reviewer], list_page, materials["by"])
    _forget_queue()
    from catalog.lists.services.versions import list_publish

    list_publish(curator, list_page)
    assert _queued() == {materials["by"].pk}


def test_teacher_publish_announces_the_new_material(curator, materials):
    teacher = teachers.teacher_signup(
        username="ana", email="ana@example.org", password="pw-Str0ng-enough!"
    )
    fork = teachers.adaptation_fork(teacher, materials["by"])
    teachers.adaptation_update(
        fork,
        title="Quokka burrows, my version",
        description="For grade 4",
        grades=["4"],
        body="Stations",
        changes_summary="Added stations",
        license=fork.license,
    )
    teachers.adaptation_submit(fork)
    _forget_queue()
    published = teachers.adaptation_approve(fork, curator)
    assert published.pk in _queued()
    assert published.updated_at <= timezone.now()
