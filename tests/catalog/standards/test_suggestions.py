"""Suggested alignments: ranking real PhET simulations against Common Core Math, the review
queue (rejected never re-suggested, accept / bulk accept, auto-apply off by default), the
``standards suggest --json`` output, and that pending suggestions stay out of search codes."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from catalog.materials.models import IndexOutbox, Material
from catalog.materials.records import AlignmentRef
from catalog.materials.signals import materials_changed
from catalog.standards.models import (
    Alignment,
    AlignmentSuggestion,
    Framework,
    StandardItem,
    SuggestionStatus,
)
from catalog.standards.selectors import material_standard_codes
from catalog.standards.services import alignment_set
from catalog.standards.suggestions import services
from harvesters.normalizers import phet

from .conftest import CASE_MATH

pytestmark = pytest.mark.django_db

FRACTIONS = (
    "Fractions: Intro",
    "Explore fractions with shapes and number lines: build a fraction from unit fractions, "
    "find the fraction shown by a picture, and place fractions on a number line.",
)
CCSS_DOTTED = re.compile(r"^(K|[1-8]|HS[A-Z]-[A-Z]+)\.[A-Z]+\.|^HS[A-Z]-[A-Z]+\.[A-Z]\.\d")


@pytest.fixture
def ccss_math(import_standards):
    import_standards(CASE_MATH)
    return Framework.objects.get(items__human_coding_scheme="CCSS.Math.Content.3.NF.A.1")


def _material(remote_id: str, title: str, description: str, grades=("3", "4")) -> Material:
    return Material.objects.create(
        source_key="phet-demo",
        remote_id=remote_id,
        slug=f"m-{remote_id}",
        title=title,
        description=description,
        grades=list(grades),
    )


@pytest.fixture
def aligned_and_new(ccss_math):
    """One material aligned (harvested) to 3.NF.A.1 and 3.NF.A.2, one like it, unaligned."""
    aligned = _material("aligned", *FRACTIONS)
    alignment_set(
        aligned,
        [AlignmentRef("3.NF.A.1", "teaches"), AlignmentRef("3.NF.A.2", "teaches")],
        origin="harvested",
    )
    new = _material(
        "new",
        "Fraction Matcher",
        "Match shapes and numbers to earn stars: fractions of shapes, unit fractions, "
        "fractions on the number line and equivalent fractions.",
    )
    return aligned, new


def _phet_math_records(shared_data):
    page = json.loads((shared_data / "oer-metadata/phet/phet_data.json").read_text("utf-8"))
    records = []
    for project in page["projects"]:
        record = phet.normalize(json.dumps(phet.with_page_context(project, page)).encode())
        if record.alignments:
            records.append(record)
    return records


def test_real_phet_simulations_find_their_true_code_in_the_first_five(ccss_math, shared_data):
    from catalog.standards.resolve import resolve_refs

    records = _phet_math_records(shared_data)
    assert len(records) >= 50
    entries = [
        {
            "title": r.title,
            "description": r.description,
            "keywords": list(r.keywords),
            "grades": list(r.grades),
        }
        for r in records
    ]
    found = services.suggestions_for_texts(entries, [ccss_math.pk], top=5)
    targets = resolve_refs({a.target for r in records for a in r.alignments})
    code_of = {
        i.pk: i.human_coding_scheme.removeprefix("CCSS.Math.Content.")
        for i in StandardItem.objects.filter(pk__in=set(targets.values()))
    }
    hits = 0
    for record, suggestions in zip(records, found, strict=True):
        truth = {code_of[targets[a.target]] for a in record.alignments if a.target in targets}
        hits += bool(truth & {s.code for s in suggestions})
    # Statement similarity within grades alone (no aligned neighbours in this database).
    assert hits / len(records) > 0.6, f"{hits}/{len(records)}"


def test_queue_fill_uses_similar_aligned_materials_and_leaves_pending_out_of_search(
    aligned_and_new,
):
    aligned, new = aligned_and_new
    counts = services.suggestion_queue_fill([new])
    assert counts["materials"] == 1 and counts["suggestions"] == 5
    queue = list(AlignmentSuggestion.objects.filter(material=new).order_by("-score"))
    codes = [s.code for s in queue]
    assert "3.NF.A.1" in codes
    top_nf = next(s for s in queue if s.code == "3.NF.A.1")
    assert "Fractions: Intro" in top_nf.reason and "matches" in top_nf.reason
    assert all(s.status == SuggestionStatus.PENDING for s in queue)
    # Nothing applied without a curator, and search sees no pending suggestion.
    assert not Alignment.objects.filter(material=new).exists()
    assert material_standard_codes([new.pk]) == {new.pk: []}
    # The aligned material is never suggested what it already has.
    services.suggestion_queue_fill([aligned])
    assert not AlignmentSuggestion.objects.filter(
        material=aligned, item__human_coding_scheme="CCSS.Math.Content.3.NF.A.1"
    ).exists()


def test_rejected_suggestions_are_not_suggested_again(aligned_and_new):
    _, new = aligned_and_new
    services.suggestion_queue_fill([new])
    top = AlignmentSuggestion.objects.filter(material=new).order_by("-score").first()
    services.suggestion_reject(top)
    services.suggestion_queue_fill([new])
    again = AlignmentSuggestion.objects.filter(material=new, item=top.item).get()
    assert again.status == SuggestionStatus.REJECTED
    assert AlignmentSuggestion.objects.filter(material=new, status="pending").count() == 5
    found = services.suggestions_for_materials([new], [top.item.framework_id])[0]
    assert top.item_id not in {s.item_id for s in found}


def test_accept_aligns_with_origin_suggested_curator_and_time(
    aligned_and_new, django_user_model, django_capture_on_commit_callbacks
):
    _, new = aligned_and_new
    curator = django_user_model.objects.create_user("cora", password="x")
    services.suggestion_queue_fill([new])
    suggestion = AlignmentSuggestion.objects.filter(material=new).order_by("-score").first()
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    announced = []

    def receiver(sender, ids, **kwargs):
        announced.extend(ids)

    materials_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            alignment = services.suggestion_accept(suggestion, curator, now=now)
    finally:
        materials_changed.disconnect(receiver)
    alignment.refresh_from_db()
    assert (alignment.origin, alignment.created_by, alignment.item_id) == (
        "suggested",
        curator,
        suggestion.item_id,
    )
    assert alignment.created_at is not None
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by, suggestion.decided_at) == (
        "accepted",
        curator,
        now,
    )
    assert new.pk in announced
    assert suggestion.code in material_standard_codes([new.pk])[new.pk]


def test_bulk_accept_above_a_score(aligned_and_new):
    _, new = aligned_and_new
    services.suggestion_queue_fill([new])
    scores = sorted(
        AlignmentSuggestion.objects.filter(material=new).values_list("score", flat=True),
        reverse=True,
    )
    accepted = services.suggestions_accept_above(AlignmentSuggestion.objects.all(), scores[1])
    assert accepted == 2
    assert Alignment.objects.filter(material=new, origin="suggested").count() == 2
    assert AlignmentSuggestion.objects.filter(material=new, status="pending").count() == 3


def test_auto_apply_is_off_by_default_and_follows_the_framework_setting(aligned_and_new):
    _, new = aligned_and_new
    framework = Framework.objects.get(items__human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    assert framework.suggest_auto_apply_score is None
    counts = services.suggestion_queue_fill([new])
    assert counts["auto_applied"] == 0
    assert not Alignment.objects.filter(origin="suggested").exists()
    top = AlignmentSuggestion.objects.filter(material=new).order_by("-score").first()
    framework.suggest_auto_apply_score = top.score
    framework.save()
    counts = services.suggestion_queue_fill([new])
    assert counts["auto_applied"] == 1
    assert Alignment.objects.get(origin="suggested").item_id == top.item_id


def test_suggest_json_command_prints_dotted_codes_in_input_order(ccss_math, tmp_path):
    entries = [
        {"title": FRACTIONS[0], "description": FRACTIONS[1], "grades": ["3"]},
        {
            "title": "Area of rectangles",
            "description": "Find the area of a rectangle by tiling it with unit squares and "
            "by multiplying its side lengths.",
            "keywords": ["area", "multiplication"],
            "grades": "3",
        },
    ]
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(entries))
    out = io.StringIO()
    call_command("standards", "suggest", "--json", str(path), "--top", "3", stdout=out)
    result = json.loads(out.getvalue())
    assert len(result) == 2
    for row in result:
        suggestions = row["suggestions"]
        assert len(suggestions) == 3
        assert all(set(s) == {"code", "statement", "framework", "score"} for s in suggestions)
        assert [s["score"] for s in suggestions] == sorted(
            (s["score"] for s in suggestions), reverse=True
        )
        assert all(CCSS_DOTTED.match(s["code"]) for s in suggestions), suggestions
        assert all(s["code"].startswith("3.") for s in suggestions)  # grade 3 only
    assert any(".NF." in s["code"] for s in result[0]["suggestions"])
    assert any(".MD." in s["code"] for s in result[1]["suggestions"])


def test_texts_without_grades_use_their_grade_words_and_cited_codes(ccss_math):
    entries = [
        {
            "title": "Comparing fractions (4th grade)",
            "description": "Compare two fractions with different numerators and denominators.",
        },
        {
            "title": "Lesson: pieces of a whole",
            "description": "Students fold paper strips into equal parts. Standard: "
            "CCSS.MATH.CONTENT.3.NF.A.1",
        },
    ]
    by_words, cited = services.suggestions_for_texts(entries, [ccss_math.pk], top=5)
    assert by_words and all(s.code.startswith("4.") for s in by_words)
    assert cited[0].code == "3.NF.A.1"


def test_queue_changes_and_rejections_queue_the_material_for_search(aligned_and_new):
    """Search reads pending suggestions (include_suggested): filling the queue and rejecting a
    suggestion must put the material in the index outbox, or search shows the old ones."""
    _, new = aligned_and_new
    queued = IndexOutbox.objects.filter(material_id=new.pk)
    queued.delete()
    services.suggestion_queue_fill([new])
    assert queued.exists()
    queued.delete()
    services.suggestion_queue_fill([new])  # the same suggestions again: nothing to re-index
    assert not queued.exists()
    services.suggestion_reject(AlignmentSuggestion.objects.filter(material=new).first())
    assert queued.exists()
