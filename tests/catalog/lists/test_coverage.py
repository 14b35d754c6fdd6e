"""Coverage of a list against a standards framework, by grade and domain."""

import pytest
from django.urls import reverse

from catalog.lists.coverage import coverage_report
from catalog.lists.services.versions import list_publish
from catalog.standards import models as standards

from .flow import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccss_math():
    """A slice of Common Core Math (real codes): grade 3 OA and NF, grade 4 NBT, grade 6 RP."""
    fw = standards.Framework.objects.create(
        identifier="c6496676-d7cb-11e8-824f-0242ac160002", title="Common Core Math (slice)"
    )

    def item(code, kind, levels, parent=None, text=""):
        return standards.StandardItem.objects.create(
            framework=fw,
            identifier=f"id-{code}",
            human_coding_scheme=code,
            item_type=kind,
            education_levels=levels,
            parent=parent,
            statement=text or code,
        )

    oa = item("3.OA", "Domain", ["03"])
    nf = item("3.NF", "Domain", ["03"])
    nbt = item("4.NBT", "Domain", ["04"])
    rp = item("6.RP", "Domain", ["06"])
    items = {
        "3.OA.A.1": item("3.OA.A.1", "Standard", ["03"], oa, "Interpret products of whole numbers"),
        "3.OA.A.2": item("3.OA.A.2", "Standard", ["03"], oa),
        "3.NF.A.1": item("3.NF.A.1", "Standard", ["03"], nf),
        "4.NBT.A.1": item("4.NBT.A.1", "Standard", ["04"], nbt),
        "6.RP.A.1": item("6.RP.A.1", "Standard", ["06"], rp),
    }
    items["3.NF.A.1a"] = item("3.NF.A.1a", "Component", ["03"], items["3.NF.A.1"])
    return fw, items


def test_coverage_by_grade_and_domain_shows_gaps(
    client, curator, reviewer, list_page, materials, ccss_math
):
    fw, items = ccss_math
    standards.Alignment.objects.create(material=materials["by"], item=items["3.OA.A.1"])
    standards.Alignment.objects.create(material=materials["by-sa"], item=items["3.NF.A.1a"])
    # Aligned but not approved: does not cover.
    standards.Alignment.objects.create(material=materials["by-nc"], item=items["4.NBT.A.1"])
    approve(curator, [reviewer], list_page, materials["by"])
    approve(curator, [reviewer], list_page, materials["by-sa"])
    list_publish(curator, list_page)

    report = coverage_report(list_page, fw)
    cells = {(c.grade, c.domain): c for c in report.cells}
    assert set(cells) == {("3", "3.OA"), ("3", "3.NF"), ("4", "4.NBT")}  # 6.RP is out of band
    assert [i.code for i, _ in cells[("3", "3.OA")].covered] == ["3.OA.A.1"]
    assert [i.code for i, _ in cells[("3", "3.OA")].gaps] == ["3.OA.A.2"]
    assert [i.code for i, _ in cells[("3", "3.NF")].covered] == ["3.NF.A.1"]  # via component
    assert [i.code for i, _ in cells[("4", "4.NBT")].gaps] == ["4.NBT.A.1"]
    assert (report.covered, report.total) == (2, 4)

    client.force_login(curator)
    page = client.get(
        reverse("lists_admin:coverage", args=[list_page.pk]), {"framework": fw.pk}
    ).content.decode()
    assert "2 of 4 standards have approved materials" in page and "3.OA.A.2" in page


def test_reviewers_cannot_see_coverage(client, reviewer, list_page):
    client.force_login(reviewer)
    response = client.get(reverse("lists_admin:coverage", args=[list_page.pk]))
    assert response.status_code in (302, 403)
