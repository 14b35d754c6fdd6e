"""Standards on forks: copied from the source, edited as codes, published as teacher
alignments, shown and exported."""

import json

import pytest

from catalog.materials.records import AlignmentRef
from catalog.standards.codes import lookup_keys
from catalog.standards.models import Alignment, Framework, StandardCode, StandardItem
from catalog.standards.services import alignment_set
from catalog.teachers import services

pytestmark = pytest.mark.django_db

CODE = "CCSS.Math.Content.6.RP.A.1"
OTHER = "CCSS.Math.Content.6.RP.A.2"


@pytest.fixture
def items(db):
    fw = Framework.objects.create(identifier="ccss-math", title="CCSS Mathematics")
    out = {}
    for n, code in enumerate((CODE, OTHER)):
        item = StandardItem.objects.create(
            framework=fw,
            identifier=f"guid-{n}",
            human_coding_scheme=code,
            statement=f"Understand ratios ({n})",
        )
        for key in lookup_keys(code):
            StandardCode.objects.get_or_create(item=item, code=key, kind="human")
        out[code] = item
    return out


def test_fork_copies_alignments_teacher_edits_and_publishing_aligns(
    ana, teacher, curator, real, items
):
    source = real["by"]
    alignment_set(source, [AlignmentRef(target=CODE)], origin="harvested")
    fork = services.adaptation_fork(teacher, source)
    assert fork.alignments == [{"target": CODE, "alignment_type": "teaches"}]
    form = ana.get(f"/adaptations/{fork.pk}/edit/")
    assert CODE in form.content.decode()
    edit = {
        "title": fork.title,
        "standards": f"{CODE}\n{OTHER}\nNOT.A.CODE",
        "changes_summary": "Added a ratio table",
        "license": str(fork.license_id),
    }
    refused = ana.post(f"/adaptations/{fork.pk}/edit/", edit)
    assert refused.status_code == 200  # the form again, with the message
    assert "These standards are not in the registry, so they were not saved: NOT.A.CODE" in (
        refused.content.decode()
    )
    fork.refresh_from_db()
    assert [e["target"] for e in fork.alignments] == [CODE]  # nothing stored
    ana.post(f"/adaptations/{fork.pk}/edit/", {**edit, "standards": f"{CODE}\n{OTHER}"})
    fork.refresh_from_db()
    assert [e["target"] for e in fork.alignments] == [CODE, OTHER]
    page = ana.get(f"/adaptations/{fork.pk}/").content.decode()
    assert "Understand ratios (1)" in page
    data = json.loads(ana.get(f"/adaptations/{fork.pk}/jsonld").content)
    assert data["educationalAlignment"][1]["targetName"] == OTHER
    services.adaptation_submit(fork)
    material = services.adaptation_approve(fork, curator)
    teacher_alignments = Alignment.objects.filter(material=material, origin="teacher")
    assert {a.item_id for a in teacher_alignments if a.item_id} == {
        items[CODE].pk,
        items[OTHER].pk,
    }
    assert not teacher_alignments.filter(target="NOT.A.CODE").exists()
