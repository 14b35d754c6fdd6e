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
