import pytest

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert, material_withdraw


@pytest.mark.django_db
def test_material_page_shows_material_and_hides_withdrawn(client):
    material = material_upsert(
        "src",
        MaterialRecord(
            remote_id="r1",
            title="Photosynthesis lab",
            url="https://example.org/p",
            description="Students measure oxygen.",
            grades=("middle-school",),
        ),
    ).material
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert b"Photosynthesis lab" in response.content and "Grades 6–8".encode() in response.content
    material_withdraw(material, "gone")
    assert client.get(material.get_absolute_url()).status_code == 404


# --- what the page shows in words, its standards, lists and class uses ------------------------


@pytest.fixture
def lesson(licenses):
    from catalog.licenses.models import License

    material = material_upsert(
        "oer-commons-demo",
        MaterialRecord(
            remote_id="words-1",
            title="Rivers and their valleys",
            url="https://www.oercommons.org/courses/rivers",
            description="A field study.",
            grades=("3", "4", "5"),
            subjects=("environmental-science", "u-s-history"),
            language="en",
            authors=("Ada Rivers",),
            publisher="Watershed Press",
            license_raw="https://creativecommons.org/licenses/by/4.0/",
        ),
    ).material
    assert material.license == License.objects.get(key="CC-BY-4.0")
    return material


@pytest.mark.django_db
def test_material_page_shows_words_not_machine_values(client, lesson):
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "Grades 3–5" in body
    assert "Environmental science, U.S. History" in body
    assert "<dd>English</dd>" in body
    assert ">OER Commons</a>" in body
    for machine in ("environmental-science", "u-s-history", "<dd>en</dd>", ">oer-commons-demo<"):
        assert machine not in body


@pytest.mark.django_db
def test_material_page_attribution_is_full_tasl_with_a_copy_button(client, lesson):
    body = client.get(lesson.get_absolute_url()).content.decode()
    # Title linked, author, source (publisher) linked to its site, licence linked.
    assert '<a href="https://www.oercommons.org/courses/rivers" rel="noopener">Rivers' in body
    assert "by Ada Rivers, from" in body
    assert '<a href="https://www.oercommons.org/" rel="noopener">Watershed Press</a>' in body
    assert 'rel="license noopener">CC BY 4.0</a>' in body
    text = (
        '"Rivers and their valleys" by Ada Rivers (https://www.oercommons.org/courses/rivers), '
        "from Watershed Press, is licensed under CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/)."
    )
    assert f'data-copy="{text.replace(chr(34), "&quot;")}"' in body
    assert "js/copy.js" in body
    assert "remix-and-share" not in body  # the bucket in words, not its key


@pytest.mark.django_db
def test_material_page_offers_class_uses(client, lesson):
    body = client.get(lesson.get_absolute_url()).content.decode()
    page_url = "http://testserver" + lesson.get_absolute_url()
    assert f'data-copy="{page_url}"' in body
    assert "https://classroom.google.com/share?url=http%3A%2F%2Ftestserver%2Fmaterials%2F" in body
    assert "Common Cartridge" in body and "LTI" in body


@pytest.mark.django_db
def test_material_page_lists_confirmed_and_suggested_standards(client, lesson, shared_data):
    from django.apps import apps

    from catalog.standards.importers.pipeline import standards_import
    from catalog.standards.models import Alignment, StandardItem

    standards_import(
        [str(shared_data / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json")]
    )
    confirmed = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    Alignment.objects.create(material=lesson, item=confirmed, target=confirmed.identifier)
    Alignment.objects.create(material=lesson, target="CCSS.ELA-Literacy.RI.3.7")
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "Standards" in body and confirmed.code in body and "CCSS.ELA-Literacy.RI.3.7" in body
    try:
        suggestion = apps.get_model("standards", "AlignmentSuggestion")
    except LookupError:
        return
    other = StandardItem.objects.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.2")
    suggestion.objects.create(material=lesson, item=other, score=0.7)
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "Suggested, not yet confirmed" in body
    assert body.index(confirmed.code) < body.index("Suggested, not yet confirmed")
    assert body.index(other.code) > body.index("Suggested, not yet confirmed")


@pytest.mark.django_db
def test_material_page_shows_the_approved_lists_it_is_on(client, lesson):
    from django.utils import timezone
    from wagtail.models import Page

    from catalog.lists.models import ApprovedListPage, ListVersion

    home = Page.objects.get(depth=2)
    page = ApprovedListPage(
        title="Grade 3-5 Science", slug="sci-3-5", jurisdiction="US-WA", subject="Science"
    )
    home.add_child(instance=page)
    assert "approved list" not in client.get(lesson.get_absolute_url()).content.decode()
    ListVersion.objects.create(
        list_page=page, number=1, published_at=timezone.now(), entries=[{"material_id": lesson.pk}]
    )
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "On the approved list “Grade 3-5 Science” (US-WA)" in body
    assert 'href="/search/?approved_list=US-WA%3Asci-3-5"' in body
