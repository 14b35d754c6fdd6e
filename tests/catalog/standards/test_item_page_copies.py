"""A standard's page lists each crosswalked standard once: the official CCSS identifiers repeat
every code of the CASE framework without text, and those copies are not listed again."""

import re

import pytest
from django.urls import reverse

from catalog.standards.models import Framework
from catalog.standards.selectors import item_lookup

from .conftest import CASE_MATH, CCSS_MATH_XML, CCSSI

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.catalog.standards.urls")]


def _crosswalk(body: str) -> list[str]:
    """The "In other frameworks" entries as text."""
    section = body.split("<h2>In other frameworks</h2>", 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", section)]


def test_no_textless_copy_of_the_same_code(client, import_standards):
    import_standards(CASE_MATH, CCSSI, CCSS_MATH_XML)
    item = item_lookup("3.NF.A.1")
    assert item.statement and item.framework.items.count() > 100
    listed = _crosswalk(client.get(reverse("standards:item", args=[item.pk])).content.decode())
    official = Framework.objects.get(title__contains="official identifiers")
    assert official.title not in " ".join(listed)  # its copy has no text and the same code
    assert any(entry.endswith("3.NF.1") for entry in listed)  # the ASN statement stays
    codes = [entry.rsplit(": ", 1)[1] for entry in listed]
    assert len(codes) == len(set(codes))


def test_identifier_page_still_lists_the_stated_copies(client, import_standards):
    import_standards(CASE_MATH, CCSSI, CCSS_MATH_XML)
    official = Framework.objects.get(title__contains="official identifiers")
    item = official.items.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    listed = _crosswalk(client.get(reverse("standards:item", args=[item.pk])).content.decode())
    assert any(entry.endswith("CCSS.Math.Content.3.NF.A.1") for entry in listed)
    assert any(entry.endswith("3.NF.1") for entry in listed)
