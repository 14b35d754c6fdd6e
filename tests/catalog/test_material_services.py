import pytest

from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    canonical_url,
    material_upsert,
    material_withdraw,
)
from catalog.materials.signals import materials_changed


def _record(**overrides):
    base = {
        "remote_id": "https://oercommons.org/courseware/lesson/1/overview",
        "title": "Fractions on a number line",
        "url": "https://oercommons.org/courseware/lesson/1/overview",
        "grades": ("upper-primary",),
        "subjects": ("mathematics",),
    }
    return MaterialRecord(**{**base, **overrides})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upsert_is_idempotent_and_announces_changes():
    seen = []

    def listener(sender, ids, **kwargs):
        seen.append(ids)

    materials_changed.connect(listener)
    try:
        first = material_upsert("src", _record())
        again = material_upsert("src", _record())
        changed = material_upsert("src", _record(title="Fractions on the number line"))
    finally:
        materials_changed.disconnect(listener)
    assert (first.outcome, again.outcome, changed.outcome) == (CREATED, UNCHANGED, UPDATED)
    assert Material.objects.count() == 1
    material = Material.objects.get()
    assert material.grades == ["3", "4", "5"] and (material.grade_min, material.grade_max) == (3, 5)
    assert seen == [[material.pk], [material.pk]]


@pytest.mark.django_db
def test_reharvest_keeps_curator_fields():
    material = material_upsert("src", _record()).material
    material.overrides = {"title": "Curated title"}
    material.curator_notes = "checked by state staff"
    material.save()
    material_upsert("src", _record(title="Harvested new title", description="new"))
    material.refresh_from_db()
    assert material.title == "Harvested new title"
    assert material.effective("title") == "Curated title"
    assert material.curator_notes == "checked by state staff"


@pytest.mark.django_db
def test_withdrawn_material_returns_when_source_has_it_again():
    material = material_upsert("src", _record()).material
    material_withdraw(material, "deleted at source")
    material.refresh_from_db()
    assert material.is_withdrawn and material.withdrawn_reason == "deleted at source"
    assert material_upsert("src", _record()).outcome == UPDATED
    material.refresh_from_db()
    assert not material.is_withdrawn


def test_canonical_url_treats_spelling_variants_alike():
    a = canonical_url("http://www.OERCommons.org/courseware/lesson/10121/overview/#top")
    b = canonical_url("https://oercommons.org/courseware/lesson/10121/overview")
    assert a == b
