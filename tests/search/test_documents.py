"""``documents_for`` (plain rows, batched) builds exactly what ``material_document`` builds from a
Material instance, curator overrides and licence fallbacks included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.materials.models import Material, MaterialStatus
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.models import Alignment, AlignmentSuggestion, SuggestionStatus
from catalog.standards.selectors import item_lookup
from catalog.standards.services import alignment_add
from search import documents

pytestmark = pytest.mark.django_db


def _by_instance(ids=None) -> dict[int, dict]:
    qs = Material.objects.filter(status=MaterialStatus.ACTIVE).select_related("license")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    materials = list(qs.order_by("pk"))
    pks = [m.pk for m in materials]
    codes, frameworks = documents._standards(pks)
    lists = documents._memberships(pks)
    return {
        m.pk: documents.material_document(m, codes.get(m.pk), frameworks.get(m.pk), lists.get(m.pk))
        for m in materials
    }


def test_every_demo_document_matches_the_instance_path(demo_index):
    lean = list(documents.documents_for(None, batch=300))  # several batches
    assert [d["id"] for d in lean] == sorted(d["id"] for d in lean)
    assert len(lean) == demo_index
    assert {d["id"]: d for d in lean} == _by_instance()


def test_overrides_unresolved_licence_and_withdrawn(demo_index):
    a, b, c = Material.objects.order_by("pk")[30:33]
    a.overrides = {
        "title": "  Curated Title ",
        "grades": ["K-2"],
        "grade_min": 0,
        "grade_max": 2,
        "subjects": ["mathematics"],
        "license_raw": "https://creativecommons.org/licenses/by-nd/4.0/",
    }
    a.save()
    b.license = None
    b.license_raw = "https://creativecommons.org/publicdomain/zero/1.0/"
    b.save()
    c.status = MaterialStatus.WITHDRAWN
    c.save()
    ids = [c.pk, b.pk, a.pk, 10**9]  # unordered, withdrawn and missing ids
    lean = {d["id"]: d for d in documents.documents_for(ids)}
    assert set(lean) == {a.pk, b.pk}
    assert lean == _by_instance(ids)
    assert lean[a.pk]["title"] == "  Curated Title " and lean[a.pk]["sort_title"] == "curated title"
    assert lean[a.pk]["grades"][:3] == ["K", "1", "2"]
    # No License row: indexed as the catalog holds it (no guessing from the raw string).
    assert lean[b.pk]["license"] == "" and lean[b.pk]["license_bucket"] == "read-only"
    assert lean[a.pk]["license"] == a.license.key  # a raw-string override does not relink
    assert list(documents.documents_for([])) == []


def test_a_batch_reads_standards_in_a_fixed_number_of_queries(demo_index, shared_data):
    """Alignments, unresolved targets and pending suggestions of a whole batch come from a few
    range queries and the selectors' fixed queries, however many materials carry them."""
    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    item, other = item_lookup("3.NF.A.1"), item_lookup("4.NF.A.1")
    picked = list(Material.objects.order_by("pk")[50:60])
    ids = [m.pk for m in picked]

    def queries() -> tuple[int, dict[int, dict]]:
        with CaptureQueriesContext(connection) as captured:
            docs = {d["id"]: d for d in documents.documents_for(ids)}
        return len(captured.captured_queries), docs

    bare, _ = queries()
    alignment_add(picked[0], item)
    alignment_add(picked[1], item)
    alignment_add(picked[1], other)
    Alignment.objects.create(material=picked[2], target="MA.3.FR.1.1")  # unresolved
    AlignmentSuggestion.objects.create(material=picked[3], item=other, score=0.8)
    AlignmentSuggestion.objects.create(
        material=picked[4], item=item, score=0.9, status=SuggestionStatus.REJECTED
    )
    few, docs = queries()
    for material in picked[5:]:
        alignment_add(material, item)
        AlignmentSuggestion.objects.create(material=material, item=other, score=0.7)
    many, _ = queries()

    assert (bare, few, many) == (6, 29, 29)
    assert docs[ids[1]]["standard_codes_display"] == ["3.NF.A.1", "4.NF.A.1"]
    assert "CCSS.Math.Content.3.NF.A.1" in docs[ids[0]]["standards"]
    assert docs[ids[2]]["standards"] == ["MA.3.FR.1.1"]
    assert docs[ids[2]]["standard_codes_display"] == []
    assert set(docs[ids[3]]["standard_keys_with_suggested"]) > set(docs[ids[3]]["standard_keys"])
    assert docs[ids[4]]["standard_keys_with_suggested"] == docs[ids[4]]["standard_keys"] == []
