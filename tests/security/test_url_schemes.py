"""Stored cross-site scripting through URL schemes: a harvested or imported material URL that
is not http(s) is rejected per record, and a bad URL already in the database never becomes
an ``href`` on the public material page or the curator's list entry page."""

from __future__ import annotations

import json

import pytest
from django.template import Context, Template
from django.urls import reverse
from lxml import etree

from catalog.materials.models import Material, MaterialSource
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_curator_edit, material_upsert
from catalog.materials.web_urls import UnsafeURLError, pick_web_url, require_web_url, web_url
from harvesters.models import RecordError, RunStatus
from harvesters.normalizers import jsonld, lom, oai_dc, openstax
from harvesters.normalizers.errors import NormalizeError
from harvesters.normalizers.oer_commons_csv import RowError, normalize_row
from harvesters.services import harvest_source_create, harvest_source_run
from harvesters.testing.lom_builder import lom_record
from harvesters.testing.replay import Reply
from tests.catalog.lists.conftest import (  # noqa: F401 - fixtures
    curator,
    list_page,
    materials,
    roles,
)
from tests.harvesters.conftest import no_sleep, replay  # noqa: F401 - fixtures

HOSTILE = [
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
NOT_WEB = ["ftp://example.org/a", "/relative/path", "//example.org/no-scheme", "http://"]


# -- the rule ------------------------------------------------------------------------------
@pytest.mark.parametrize("value", HOSTILE + NOT_WEB)
def test_only_http_urls_pass(value):
    assert web_url(value) == ""
    with pytest.raises(UnsafeURLError):
        require_web_url(value)


def test_web_urls_pass_cleaned():
    assert require_web_url("  https://example.org/a b\n") == "https://example.org/a b"
    assert require_web_url("HTTP://Example.org/x") == "HTTP://Example.org/x"
    assert require_web_url("") == "" and require_web_url("   ") == ""


def test_identifier_candidates_skip_urns_but_reject_script_links():
    assert pick_web_url(["urn:isbn:123", "doi:10.1/x", "https://ok.org/"]) == "https://ok.org/"
    with pytest.raises(UnsafeURLError):
        pick_web_url(["https://ok.org/", " JaVaScRiPt:alert(1)"])


# -- catalog writes ------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_material_upsert_rejects_hostile_urls(value):
    with pytest.raises(UnsafeURLError):
        material_upsert("src", MaterialRecord(remote_id="r1", title="Fractions", url=value))
    assert not Material.objects.exists() and not MaterialSource.objects.exists()


@pytest.mark.django_db
def test_curator_cannot_override_the_url_with_a_script():
    material = material_upsert(
        "src", MaterialRecord(remote_id="r1", title="Fractions", url="https://example.org/f")
    ).material
    with pytest.raises(UnsafeURLError):
        material_curator_edit(material, {"url": "javascript:alert(1)"})
    material.refresh_from_db()
    assert "url" not in material.overrides


# -- normalizers ---------------------------------------------------------------------------
def _oai_dc(identifier: str, remote_id: str = "oai:x:1") -> bytes:
    return f"""<record xmlns="http://www.openarchives.org/OAI/2.0/">
      <header><identifier>{remote_id}</identifier><datestamp>2026-01-01</datestamp></header>
      <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
          xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:title>Fractions</dc:title><dc:identifier>{identifier}</dc:identifier>
      </oai_dc:dc></metadata></record>""".encode()


def _xml_text(value: str) -> str:
    """The value as XML 1.0 text (a control character as itself is not allowed there)."""
    return "".join(c if c in "\t\n" or ord(c) >= 0x20 else "" for c in value)


@pytest.mark.parametrize("value", HOSTILE)
def test_every_normalizer_rejects_a_hostile_url(value):
    with pytest.raises(NormalizeError):
        jsonld.normalize(json.dumps({"@id": "urn:x:1", "name": "Fractions", "url": value}).encode())
    with pytest.raises(NormalizeError):
        openstax.normalize(json.dumps({"id": 7, "title": "Biology", "meta": {"html_url": value}}))
    with pytest.raises(RowError):
        normalize_row({"URL": value, "NAME": "Fractions", "LICENSE_URL": ""})
    text = _xml_text(value)
    with pytest.raises(NormalizeError):
        oai_dc.normalize(_oai_dc(text))
    row = {"URL": text, "NAME": "Fractions", "LICENSE_URL": "", "KEYWORDS": ""}
    with pytest.raises(NormalizeError):
        lom.normalize(etree.tostring(lom_record(row, "oai:x:1", "2026-01-01")))


def test_oai_dc_skips_identifiers_that_are_not_links():
    record = oai_dc.normalize(_oai_dc("urn:isbn:9781947172517"))
    assert record.url == ""


# -- a harvest run -------------------------------------------------------------------------
@pytest.mark.django_db
def test_harvest_records_each_hostile_url_as_an_error_and_stores_none(replay):  # noqa: F811
    nodes = [{"@id": "urn:good", "name": "Good lesson", "url": "https://example.org/good"}]
    nodes += [
        {"@id": f"urn:bad:{i}", "name": f"Bad lesson {i}", "url": value}
        for i, value in enumerate(HOSTILE)
    ]
    replay.add({}, Reply(json.dumps(nodes).encode(), content_type="application/ld+json"), "/dump")
    run = harvest_source_run(
        harvest_source_create("lrmi-dump", "jsonld", replay.base() + "/dump"), sleep=no_sleep
    )
    assert run.status != RunStatus.FAILED, run.message
    assert run.created == 1 and run.errors == len(HOSTILE)
    errors = RecordError.objects.filter(run=run)
    assert sorted(e.identifier for e in errors) == sorted(f"urn:bad:{i}" for i in range(7))
    assert all("http(s)" in e.message for e in errors)
    assert list(Material.objects.values_list("url", flat=True)) == ["https://example.org/good"]


# -- rendering what is already stored -------------------------------------------------------
def _plant(material: Material, url: str) -> None:
    """A bad URL written straight to the database (as a pre-fix import would have)."""
    Material.objects.filter(pk=material.pk).update(url=url)
    MaterialSource.objects.filter(material=material).update(url=url)


def _assert_no_script_href(html: str) -> None:
    lowered = html.lower().replace("\t", "").replace("\n", "")
    for scheme in ("javascript:", "data:text", "vbscript:"):
        assert f'href="{scheme}' not in lowered and f'href=" {scheme}' not in lowered


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_material_page_has_no_link_for_a_stored_hostile_url(client, value):
    material = material_upsert(
        "src", MaterialRecord(remote_id="r1", title="Fractions", url="https://example.org/f")
    ).material
    _plant(material, value)
    html = client.get(material.get_absolute_url()).content.decode()
    assert "Fractions" in html
    assert "Open the material at its source" not in html
    _assert_no_script_href(html)
    assert 'href="https://example.org/f"' not in html


@pytest.mark.django_db
def test_material_page_has_no_link_for_a_hostile_curator_override(client):
    material = material_upsert(
        "src", MaterialRecord(remote_id="r1", title="Fractions", url="https://example.org/f")
    ).material
    Material.objects.filter(pk=material.pk).update(overrides={"url": " JaVaScRiPt:alert(1)"})
    html = client.get(material.get_absolute_url()).content.decode()
    assert "Open the material at its source" not in html
    _assert_no_script_href(html)


@pytest.mark.django_db
def test_list_entry_page_has_no_link_for_a_stored_hostile_url(
    client,
    curator,  # noqa: F811
    list_page,  # noqa: F811
    materials,  # noqa: F811
):
    from catalog.lists.services.entries import entry_nominate

    entry = entry_nominate(curator, list_page, materials["by"])
    _plant(materials["by"], "javascript:alert(document.domain)")
    client.force_login(curator)
    response = client.get(reverse("lists_admin:entry", args=[entry.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "javascript:alert(document.domain)" in html  # shown as text, for the curator
    _assert_no_script_href(html)


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_href_filter(value):
    template = Template("{% load materials_tags %}[{{ url|safe_href }}]")
    assert template.render(Context({"url": value})) == "[]"
    assert (
        template.render(Context({"url": " https://example.org/?a=1&b=2"}))
        == "[https://example.org/?a=1&amp;b=2]"
    )
