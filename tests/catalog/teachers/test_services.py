"""Services on real OER Commons records: forks, remixes, upstream changes, publishing."""

import dataclasses

import pytest

from catalog.licenses.models import License
from catalog.materials.models import Material
from catalog.materials.services import material_upsert
from catalog.teachers import services
from catalog.teachers.models import AdaptationStatus, ChangeState, UpstreamChange
from harvesters.demo import DEMO_SOURCE_KEY

pytestmark = pytest.mark.django_db


def _edit(adaptation, **changes):
    values = {
        "title": adaptation.title,
        "description": adaptation.description,
        "grades": adaptation.grades,
        "body": adaptation.body,
        "changes_summary": adaptation.changes_summary,
        "license": adaptation.license,
        **changes,
    }
    return services.adaptation_update(adaptation, **values)


def _reharvest(material: Material, **changes) -> Material:
    """Re-harvest a real record with some fields changed at its source."""
    record = _record_of(material)
    return material_upsert(DEMO_SOURCE_KEY, dataclasses.replace(record, **changes)).material


def _record_of(material):
    from catalog.materials.records import MaterialRecord

    src = material.sources.get()
    v = src.values
    return MaterialRecord(
        remote_id=src.remote_id,
        title=v["title"],
        url=v["url"],
        description=v["description"],
        license_raw=v["license_raw"],
        subjects=tuple(v["subjects"]),
        grades=tuple(v["grades"]),
        provider=v["provider"],
    )


def test_fork_copies_fields_records_version_and_preselects_the_same_license(real, teacher):
    source = real["by-sa"]
    fork = services.adaptation_fork(teacher, source)
    assert fork.title == source.title and fork.grades == source.grades
    assert fork.license.key == "CC-BY-SA-4.0"
    src = fork.sources.get()
    assert src.material == source and src.source_hash == source.content_hash
    assert src.snapshot["title"] == source.title


@pytest.mark.parametrize("name", ["by-nd", "by-nc-nd", "arr", "unknown"])
def test_fork_refused_for_nd_arr_and_unknown(real, teacher, name):
    with pytest.raises(services.AdaptationRefused):
        services.adaptation_fork(teacher, real[name])
    assert not teacher.adaptations.exists()


def test_update_refuses_a_license_the_source_does_not_allow(real, teacher):
    fork = services.adaptation_fork(teacher, real["by-nc"])
    with pytest.raises(services.TeacherError):
        _edit(fork, license=License.objects.get(key="CC-BY-4.0"))
    _edit(fork, license=License.objects.get(key="CC-BY-NC-SA-4.0"), title="Mine")
    fork.refresh_from_db()
    assert fork.license.key == "CC-BY-NC-SA-4.0" and fork.title == "Mine"


def test_remix_refused_on_clash_allowed_when_compatible(real, teacher):
    with pytest.raises(services.AdaptationRefused) as refused:
        services.adaptation_remix(teacher, [real["by-sa"], real["by-nc"]])
    assert set(refused.value.choice.drop) == {(0,), (1,)}
    remix = services.adaptation_remix(teacher, [real["by"], real["by-nc"]])
    assert remix.kind == "remix" and remix.sources.count() == 2
    assert remix.license.key == "CC-BY-NC-4.0"
    with pytest.raises(services.AdaptationRefused):
        services.adaptation_remix(teacher, [real["by"]])


def test_upstream_change_is_recorded_diffed_pulled_and_own_edits_kept(
    real, teacher, django_capture_on_commit_callbacks
):
    source = real["by-sa"]
    fork = services.adaptation_fork(teacher, source)
    _edit(fork, description="My own words for grade 5.")
    with django_capture_on_commit_callbacks(execute=True):
        _reharvest(source, title=source.title + " (revised)", description="New upstream text.")
    changes = {c.field: c for c in UpstreamChange.objects.filter(source__adaptation=fork)}
    assert set(changes) == {"title", "description"}
    assert changes["title"].new_value.endswith("(revised)")
    fork.refresh_from_db()
    assert fork.description == "My own words for grade 5."  # never written by the receiver
    # the title was not edited: pull it
    services.upstream_change_pull(changes["title"])
    fork.refresh_from_db()
    assert fork.title == source.title + " (revised)"
    # the description was: pulling needs an explicit confirmation
    with pytest.raises(services.TeacherError):
        services.upstream_change_pull(changes["description"])
    services.upstream_change_dismiss(changes["description"])
    fork.refresh_from_db()
    assert fork.description == "My own words for grade 5."
    assert not UpstreamChange.objects.filter(state=ChangeState.PENDING).exists()
    src = fork.sources.get()
    source.refresh_from_db()
    assert src.source_hash == source.content_hash
    assert src.snapshot["description"] == "New upstream text."


def test_a_source_that_changes_back_clears_the_pending_change(
    real, teacher, django_capture_on_commit_callbacks
):
    source = real["by"]
    original_title = source.title
    fork = services.adaptation_fork(teacher, source)
    with django_capture_on_commit_callbacks(execute=True):
        _reharvest(source, title="Changed")
    assert UpstreamChange.objects.filter(source__adaptation=fork).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        _reharvest(source, title=original_title)
    assert not UpstreamChange.objects.filter(source__adaptation=fork).exists()


def test_replace_own_edit_when_confirmed(real, teacher, django_capture_on_commit_callbacks):
    source = real["by"]
    fork = services.adaptation_fork(teacher, source)
    _edit(fork, title="My title")
    with django_capture_on_commit_callbacks(execute=True):
        _reharvest(source, title="Upstream title")
    change = UpstreamChange.objects.get(source__adaptation=fork, field="title")
    services.upstream_change_pull(change, replace_own_edit=True)
    fork.refresh_from_db()
    assert fork.title == "Upstream title"


def test_submit_approve_publishes_a_material_with_lineage(real, teacher, curator):
    source = real["by-sa"]
    fork = services.adaptation_fork(teacher, source)
    with pytest.raises(services.TeacherError):
        services.adaptation_submit(fork)  # no modification notice yet
    _edit(fork, title="Photosynthesis, my way", changes_summary="Shortened; added a quiz")
    services.adaptation_submit(fork)
    with pytest.raises(services.TeacherError):
        services.adaptation_approve(fork, teacher)  # teachers do not moderate
    material = services.adaptation_approve(fork, curator)
    fork.refresh_from_db()
    assert fork.status == AdaptationStatus.PUBLISHED and fork.published_material == material
    assert material.source_key == "teachers" and material.title == "Photosynthesis, my way"
    assert material.license.key == "CC-BY-SA-4.0"
    assert material.authors == ["Ana Teacher"]
    # a fork of the published fork continues the provenance chain
    other = services.teacher_signup(username="zed", email="z@example.org", password="x-Y-z-12345")
    grandchild = services.adaptation_fork(other, material)
    from catalog.teachers.selectors import adaptation_lineage

    chain = adaptation_lineage(grandchild)
    assert chain[0]["material"] == material
    assert chain[0]["based_on"][0]["material"] == source


def test_send_back_needs_a_comment_and_reopens_editing(real, teacher, curator):
    fork = services.adaptation_fork(teacher, real["by"])
    _edit(fork, changes_summary="Added vocabulary")
    services.adaptation_submit(fork)
    assert not fork.editable
    with pytest.raises(services.TeacherError):
        _edit(fork, title="x")
    with pytest.raises(services.TeacherError):
        services.adaptation_send_back(fork, curator, "  ")
    services.adaptation_send_back(fork, curator, "Please credit the images.")
    fork.refresh_from_db()
    assert fork.status == AdaptationStatus.CHANGES_REQUESTED and fork.editable
    assert fork.moderation_comment == "Please credit the images."


def test_collection_order_note_and_idempotent_save(real, teacher):
    c = services.collection_create(teacher, title="Unit 3")
    a = services.collection_add_material(c, real["by"])
    b = services.collection_add_material(c, real["by-sa"], "Use on day 2")
    assert services.collection_add_material(c, real["by"]).pk == a.pk
    assert [i.material for i in c.items.all()] == [real["by"], real["by-sa"]]
    services.collection_item_move(b, "up")
    assert [i.material for i in c.items.all()] == [real["by-sa"], real["by"]]
    services.collection_item_move(b, "up")  # already first: nothing changes
    assert [i.position for i in c.items.all()] == [1, 2]
    services.collection_item_note(a, "Homework")
    a.refresh_from_db()
    assert a.note == "Homework"


def test_a_curator_edit_of_the_source_is_an_upstream_change_too(
    real, teacher, django_capture_on_commit_callbacks
):
    from catalog.materials.signals import announce_materials_changed

    source = real["by-nc"]
    fork = services.adaptation_fork(teacher, source)
    with django_capture_on_commit_callbacks(execute=True):
        source.overrides = {"grades": ["6", "7"]}
        source.save(update_fields=["overrides"])
        announce_materials_changed([source.pk])
    change = UpstreamChange.objects.get(source__adaptation=fork)
    assert change.field == "grades" and change.new_value == ["6", "7"]
    services.upstream_change_pull(change)
    fork.refresh_from_db()
    assert fork.grades == ["6", "7"]
