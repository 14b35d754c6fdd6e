"""alignment_set: what harvesters call with AlignmentRef values."""

import pytest

from catalog.materials.models import Material
from catalog.materials.records import AlignmentRef
from catalog.materials.signals import materials_changed
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Alignment
from catalog.standards.selectors import item_lookup, materials_aligned_to
from catalog.standards.services import alignment_add, alignment_remove, alignment_set

from .conftest import CASE_MATH, CCSSI


@pytest.fixture
def material(db):
    return Material.objects.create(source_key="t", remote_id="r1", slug="r-1", title="Fractions")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_alignment_set_resolves_keeps_unresolved_and_announces(standards_dir, material):
    standards_import([str(standards_dir / CASE_MATH)])
    seen = []

    def listener(sender, ids, **kwargs):
        seen.append(ids)

    materials_changed.connect(listener)
    try:
        counts = alignment_set(
            material,
            [
                AlignmentRef("CCSS.Math.Content.3.NF.A.1"),
                AlignmentRef("http://corestandards.org/Math/Content/3/NF/A/2", "assesses"),
                AlignmentRef("urn:state:tx:teks:111.5.b.3"),
            ],
            "harvested",
        )
        again = alignment_set(material, [AlignmentRef("CCSS.Math.Content.3.NF.A.1")], "harvested")
    finally:
        materials_changed.disconnect(listener)
    assert counts == {"created": 3, "deleted": 0, "unchanged": 0, "unresolved": 1}
    assert again == {"created": 0, "deleted": 2, "unchanged": 1, "unresolved": 0}
    assert seen == [[material.pk], [material.pk]]
    [kept] = Alignment.objects.filter(material=material)
    assert kept.item.human_coding_scheme == "CCSS.Math.Content.3.NF.A.1"


@pytest.mark.django_db
def test_unresolved_targets_are_resolved_by_a_later_import(standards_dir, material):
    alignment_set(material, [AlignmentRef("CCSS.Math.Content.3.NF.A.2")], "harvested")
    alignment = Alignment.objects.get(material=material)
    assert alignment.item is None and alignment.target == "CCSS.Math.Content.3.NF.A.2"
    assert materials_aligned_to("CCSS.Math.Content.3.NF.A.2") == [(material.pk, "exact")]
    [report], _ = standards_import([str(standards_dir / CCSSI)])
    assert report.alignments_resolved == 1
    alignment.refresh_from_db()
    assert alignment.item.human_coding_scheme == "CCSS.Math.Content.3.NF.A.2"


@pytest.mark.django_db
def test_harvest_never_undoes_curation(standards_dir, material):
    standards_import([str(standards_dir / CASE_MATH)])
    item = item_lookup("3.NF.A.3")
    curated = alignment_add(material, item, origin="curator")
    alignment_set(material, [], "harvested")
    assert Alignment.objects.filter(pk=curated.pk).exists()
    alignment_remove(curated)
    assert not Alignment.objects.filter(material=material).exists()
    with pytest.raises(ValueError):
        alignment_set(material, [], "robot")
