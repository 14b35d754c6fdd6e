"""The customize page lists the material's pending suggested standards (dotted codes)."""

import pytest

from catalog.standards.models import AlignmentSuggestion, StandardItem

pytestmark = pytest.mark.django_db


def test_customize_page_shows_suggested_standards(ana, teacher, real, shared_data):
    from catalog.standards.importers.pipeline import standards_import

    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    material = real["by-sa"]
    item = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    rejected = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.2")
    AlignmentSuggestion.objects.create(material=material, item=item, score=0.7)
    AlignmentSuggestion.objects.create(
        material=material, item=rejected, score=0.8, status="rejected"
    )
    page = ana.get(f"/customize/{material.slug}/")
    body = page.content.decode()
    assert "Suggested standards" in body
    assert "<code>3.NF.A.1</code>" in body and "3.NF.A.2" not in body


def _suggest(material, shared_data, *codes):
    from catalog.standards.importers.pipeline import standards_import

    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    for n, code in enumerate(codes):
        item = StandardItem.objects.get(human_coding_scheme=f"CCSS.Math.Content.{code}")
        AlignmentSuggestion.objects.create(material=material, item=item, score=0.9 - n / 10)


def test_ticked_suggestions_join_the_teachers_version(ana, teacher, real, shared_data):
    from catalog.teachers.models import Adaptation

    material = real["by-sa"]
    _suggest(material, shared_data, "3.NF.A.1", "3.NF.A.2")
    page = ana.get(f"/customize/{material.slug}/").content.decode()
    assert 'type="checkbox" name="suggested" value="3.NF.A.1"' in page
    response = ana.post(f"/customize/{material.slug}/", {"suggested": ["3.NF.A.2"]})
    assert response.status_code == 302
    adaptation = Adaptation.objects.get(owner=teacher)
    assert adaptation.alignments == [
        {
            "target": "CCSS.Math.Content.3.NF.A.2",
            "alignment_type": "teaches",
            "origin": "suggested",
        }
    ]
    detail = ana.get(f"/adaptations/{adaptation.pk}/").content.decode()
    assert "CCSS.Math.Content.3.NF.A.2" in detail and "from the suggestions" in detail


def test_a_code_that_was_not_suggested_is_refused_with_a_message(ana, teacher, real, shared_data):
    from catalog.teachers.models import Adaptation

    material = real["by-sa"]
    _suggest(material, shared_data, "3.NF.A.1")
    response = ana.post(
        f"/customize/{material.slug}/", {"suggested": ["3.NF.A.1", "9.ZZ.Z.9"]}, follow=True
    )
    assert "not among the suggestions for this material" in response.content.decode()
    assert "9.ZZ.Z.9" in response.content.decode()
    assert not Adaptation.objects.filter(owner=teacher).exists()


def test_edited_standards_keep_the_suggested_origin():
    from catalog.teachers.standards import parse_codes

    previous = [{"target": "A", "alignment_type": "teaches", "origin": "suggested"}]
    assert parse_codes("A\nB", previous) == [
        {"target": "A", "alignment_type": "teaches", "origin": "suggested"},
        {"target": "B", "alignment_type": "teaches"},
    ]
