"""Common Cartridge exports of hostile stored text: markup is escaped (never an element in the
manifest, a link file or the attribution page), characters XML 1.0 forbids are dropped, and
a link that is not http(s) never reaches the LMS (the registry's page is linked instead)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection
from django.utils import timezone
from lxml import etree

from catalog.cartridge.package import ABOUT_FILE
from catalog.lists.models import ListVersion
from tests.catalog.cartridge.reading import parse_with_pyslet, validate_cartridge
from tests.catalog.lists.conftest import list_page  # noqa: F401 (pytest fixture)

pytestmark = pytest.mark.django_db

# PostgreSQL text cannot hold NUL at all (the database refuses it); SQLite stores it.
NUL = "" if connection.vendor == "postgresql" else "\x00"
HOSTILE = f"<script>alert(1)</script>{NUL} =cmd|' /C calc'!A0\x0b\x1b"
CLEAN = "<script>alert(1)</script> =cmd|' /C calc'!A0"


def _row(**fields) -> dict:
    row = {
        "material_id": 1,
        "slug": "fractions",
        "title": HOSTILE,
        "description": HOSTILE,
        "url": "javascript:alert(document.cookie)",
        "publisher": HOSTILE,
        "authors": [HOSTILE],
        "subjects": [HOSTILE],
        "grades": ["3"],
        "license_key": "",
        "license_name": HOSTILE,
        "license_url": "javascript:alert(2)",
        "decision": "approved_conditions",
        "conditions": HOSTILE,
        "tier": HOSTILE,
        "rating": "",
        "review_date": "",
        "reviewers": [],
        "public_rationale": "",
    }
    row.update(fields)
    return row


@pytest.fixture
def hostile_list(list_page):  # noqa: F811 (the fixture imported above)
    list_page.title = "Maths <img src=x onerror=alert(1)>\x07"
    list_page.jurisdiction = f"US-WA{NUL}<b>"
    list_page.save()
    ListVersion.objects.create(
        list_page=list_page, number=1, published_at=timezone.now(), entries=[_row()]
    )
    return list_page


def test_hostile_list_text_is_escaped_and_stripped(client, hostile_list):
    response = client.get(f"{hostile_list.url}export/imscc/")
    assert response.status_code == 200
    files = validate_cartridge(response.content)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    elements = {e.tag.split("}")[-1] for e in manifest.iter() if isinstance(e.tag, str)}
    assert not elements & {"script", "img", "b"}
    titles = [e.text for e in manifest.iter("{*}title") if e.text]
    assert CLEAN in titles  # the item, as plain text
    link = etree.fromstring(files["R_0001/weblink.xml"])
    assert link.findtext("{*}title") == CLEAN
    assert link.find("{*}url").get("href") == "http://testserver/materials/fractions/"

    about = files[ABOUT_FILE].decode("utf-8")
    assert "<script" not in about and "<img" not in about and "<b>" not in about
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in about
    assert "javascript:" not in about
    assert not any(c in about for c in "\x00\x07\x0b\x1b")
    assert parse_with_pyslet(response.content).conformance_failures == []


def test_every_file_of_a_hostile_cartridge_is_well_formed_xml_or_escaped_html(client, hostile_list):
    data = client.get(f"{hostile_list.url}export/imscc/").content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            body = archive.read(name)
            if name.endswith(".xml"):
                etree.fromstring(body)  # raises on anything not well-formed
            assert b"\x00" not in body and b"\x0b" not in body
