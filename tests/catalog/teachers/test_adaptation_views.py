"""Customize, remix, edit and the upstream-change panel, through the pages."""

import dataclasses
import html
import json
import re

import pytest

from catalog.materials.services import material_upsert
from catalog.teachers import services
from catalog.teachers.models import Adaptation, UpstreamChange
from harvesters.demo import DEMO_SOURCE_KEY

from .test_services import _record_of

pytestmark = pytest.mark.django_db


def test_customize_page_offers_allowed_licenses_and_creates_the_fork(ana, teacher, real):
    material = real["by-sa"]
    page = ana.get(f"/customize/{material.slug}/")
    assert page.status_code == 200
    assert b"CC BY-SA 4.0" in page.content and b"Customize" in page.content
    response = ana.post(f"/customize/{material.slug}/")
    fork = Adaptation.objects.get(owner=teacher)
    assert response.status_code == 302
    assert response["Location"] == f"/adaptations/{fork.pk}/edit/?new=1"
    form = ana.get(f"/adaptations/{fork.pk}/edit/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "CC BY-SA 4.0" in html and "CC BY-NC" not in html and "CC BY 4.0" not in html
    bound = form.context["form"]["license"]
    assert bound.value() == str(fork.license_id)  # the closest (the same license) preselected
    assert [label for _, label in bound.field.choices][0] == "CC BY-SA 4.0"


@pytest.mark.parametrize("name", ["by-nd", "by-nc-nd", "arr"])
def test_nd_and_arr_pages_say_why_and_offer_no_customize(ana, teacher, real, name):
    material = real[name]
    page = ana.get(f"/customize/{material.slug}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "can’t customize" in text
    assert '<form method="post"><input type="hidden" name="csrfmiddlewaretoken"' not in text
    assert '<button type="submit">Customize</button>' not in text
    ana.post(f"/customize/{material.slug}/")
    assert not Adaptation.objects.filter(owner=teacher).exists()


def test_customize_by_nc_keeps_nc(ana, teacher, real):
    ana.post(f"/customize/{real['by-nc'].slug}/")
    fork = Adaptation.objects.get(owner=teacher)
    assert fork.license.key == "CC-BY-NC-4.0"
    html = ana.get(f"/adaptations/{fork.pk}/edit/").content.decode()
    assert "CC BY-NC-SA 4.0" in html and "CC BY 4.0" not in html


def test_edit_saves_and_detail_shows_attribution_and_modification_notice(ana, teacher, real):
    fork = services.adaptation_fork(teacher, real["by"])
    response = ana.post(
        f"/adaptations/{fork.pk}/edit/",
        {
            "title": "Ratios for my 6th grade",
            "description": "Shorter",
            "grades": ["6"],
            "body": "Day 1: warm-up <script>alert(1)</script>",
            "changes_summary": "Cut to one period; added a warm-up",
            "license": str(fork.license_id),
        },
    )
    assert response.status_code == 302
    page = ana.get(f"/adaptations/{fork.pk}/").content.decode()
    assert "Ratios for my 6th grade" in page
    assert real["by"].title in page  # the source is credited
    assert "Cut to one period; added a warm-up" in page and "Ana Teacher" in page
    assert "<script>alert(1)" not in page
    data = json.loads(ana.get(f"/adaptations/{fork.pk}/jsonld").content)
    assert data["isBasedOn"][0]["name"] == real["by"].title
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_edit_refuses_a_license_not_offered(ana, teacher, real):
    fork = services.adaptation_fork(teacher, real["by-sa"])
    from catalog.licenses.models import License

    by = License.objects.get(key="CC-BY-4.0")
    response = ana.post(
        f"/adaptations/{fork.pk}/edit/",
        {"title": "x", "license": str(by.pk), "grades": []},
    )
    assert response.status_code == 200
    fork.refresh_from_db()
    assert fork.license.key == "CC-BY-SA-4.0" and fork.title != "x"


def test_remix_page_explains_clash_and_which_source_to_drop(ana, real):
    a, b = real["by-sa"], real["by-nc"]
    page = ana.get(f"/remix/?m={a.slug}&m={b.slug}")
    text = page.content.decode()
    assert "can’t be combined" in text
    assert "ShareAlike" in text and "NonCommercial" in text
    assert f"drop “{a.title}”" in html.unescape(text) and f"drop “{b.title}”" in html.unescape(text)
    response = ana.post("/remix/", {"m": [a.slug, b.slug]})
    assert response.status_code == 200 and not Adaptation.objects.exists()


def test_remix_page_allows_compatible_sources(ana, teacher, real):
    a, b = real["by"], real["by-nc"]
    page = ana.get(f"/remix/?m={a.slug}&m={b.slug}")
    assert "can be remixed" in page.content.decode()
    response = ana.post("/remix/", {"m": [a.slug, b.slug], "title": "Combined"})
    remix = Adaptation.objects.get(owner=teacher)
    assert response.status_code == 302 and remix.title == "Combined"
    assert remix.license.key == "CC-BY-NC-4.0"


def test_original_changed_panel_pull_and_dismiss(
    ana, teacher, real, django_capture_on_commit_callbacks
):
    source = real["by-sa"]
    fork = services.adaptation_fork(teacher, source)
    record = _record_of(source)
    with django_capture_on_commit_callbacks(execute=True):
        material_upsert(
            DEMO_SOURCE_KEY,
            dataclasses.replace(record, title="Brand new title", description="Fresh overview"),
        )
    page = ana.get(f"/adaptations/{fork.pk}/").content.decode()
    assert "The original changed" in page
    inserted = re.findall(r"<ins>(.*?)</ins>", page)
    assert inserted == ["Brand", "new", "title", "Fresh", "overview"]
    changes = {c.field: c for c in UpstreamChange.objects.filter(source__adaptation=fork)}
    ana.post(f"/adaptations/{fork.pk}/changes/{changes['title'].pk}/pull/")
    ana.post(f"/adaptations/{fork.pk}/changes/{changes['description'].pk}/dismiss/")
    fork.refresh_from_db()
    assert fork.title == "Brand new title"
    assert fork.description == source.description  # dismissed: the fork keeps its text
    assert "The original changed" not in ana.get(f"/adaptations/{fork.pk}/").content.decode()


def test_teacher_written_title_cannot_break_out_of_the_json_ld_script(ana, teacher, real):
    fork = services.adaptation_fork(teacher, real["by"])
    fork.title = "</script><script>alert(1)</script>"
    fork.save()
    page = ana.get(f"/adaptations/{fork.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "\\u003c/script\\u003e" in page


def test_cancelling_a_new_customize_leaves_no_draft(ana, teacher, real):
    material = real["by-sa"]
    edit_url = ana.post(f"/customize/{material.slug}/")["Location"]
    fork = Adaptation.objects.get(owner=teacher)
    form = ana.get(edit_url).content.decode()
    discard = f"/adaptations/{fork.pk}/discard/"
    assert f'formaction="{discard}"' in form and ">Cancel</button>" in form
    response = ana.post(discard)
    assert response.status_code == 302 and response["Location"] == material.get_absolute_url()
    assert not Adaptation.objects.filter(owner=teacher).exists()
    assert fork.title not in ana.get("/my/").content.decode()


def test_cancelling_a_new_remix_returns_to_the_remix_check(ana, teacher, real):
    a, b = real["by"], real["by-sa"]
    edit_url = ana.post("/remix/", {"m": [a.slug, b.slug], "title": "Mix"})["Location"]
    remix = Adaptation.objects.get(owner=teacher)
    assert edit_url.endswith("?new=1")
    response = ana.post(f"/adaptations/{remix.pk}/discard/")
    assert response["Location"] == f"/remix/?m={a.slug}&m={b.slug}"
    assert not Adaptation.objects.filter(owner=teacher).exists()


def test_an_existing_draft_keeps_a_plain_cancel_and_cannot_be_discarded_once_submitted(
    ana, teacher, real
):
    fork = services.adaptation_fork(teacher, real["by"])
    form = ana.get(f"/adaptations/{fork.pk}/edit/").content.decode()
    assert "formaction=" not in form and f'<a href="/adaptations/{fork.pk}/">Cancel</a>' in form
    fork.changes_summary = "Shortened"
    fork.save()
    services.adaptation_submit(fork)
    ana.post(f"/adaptations/{fork.pk}/discard/")
    assert Adaptation.objects.filter(pk=fork.pk).exists()


def test_adaptation_page_has_full_attribution_with_a_copy_button(ana, teacher, real):
    fork = services.adaptation_fork(teacher, real["by"])
    page = ana.get(f"/adaptations/{fork.pk}/").content.decode()
    assert "js/copy.js" in page and ">Copy attribution</button>" in page
    source = real["by"]
    assert f"from {html.escape(source.provider)}," in page  # the source named in the TASL
    assert 'data-copy="&quot;' in page
