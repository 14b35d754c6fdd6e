"""Public standards pages on the real CCSS Math package and the official identifiers."""

import pytest
from django.urls import reverse

from catalog.materials.models import Material
from catalog.standards.models import Alignment, Framework
from catalog.standards.selectors import item_lookup

from .conftest import CASE_MATH, CCSSI

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.catalog.standards.urls")]


def test_index_framework_tree_and_item_page(client, import_standards):
    import_standards(CASE_MATH, CCSSI)
    index = client.get(reverse("standards:index"))
    assert index.status_code == 200
    assert b"Common Core State Standards for Mathematics" in index.content
    assert b"<h2>CCSS</h2>" in index.content

    framework = Framework.objects.get(identifier="http://purl.org/ASN/resources/D10003FB")
    tree = client.get(reverse("standards:framework", args=[framework.pk]))
    assert tree.status_code == 200
    assert b"<details>" in tree.content
    assert b"CCSS.Math.Content.3.NF.A.1" in tree.content

    item = item_lookup("3.NF.A.1")
    material = Material.objects.create(source_key="t", remote_id="1", slug="frac-1", title="Fracs")
    Alignment.objects.create(material=material, item=item.parent, target=item.parent.identifier)
    page = client.get(reverse("standards:item", args=[item.parent.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "CCSS.Math.Content.3.NF.A" in body
    assert "Fracs" in body
    assert "/search/?standard=CCSS.Math.Content.3.NF.A" in body
    # Its official-identifier copy has the same code and no text: not listed again.
    assert "Common Core State Standards (official identifiers)" not in body


def test_framework_tree_and_item_read_as_words(client, import_standards):
    """No link inside a <summary> (a disclosure button must not hold another control), no
    statement cut mid-word, grades and crosswalk kinds in words, breadcrumbs from the
    framework down."""
    import re

    import_standards(CASE_MATH, CCSSI)
    framework = Framework.objects.get(identifier="http://purl.org/ASN/resources/D10003FB")
    tree = client.get(reverse("standards:framework", args=[framework.pk])).content.decode()
    summaries = re.findall(r"<summary>(.*?)</summary>", tree, re.S)
    assert summaries and not any("<a " in s for s in summaries)
    for text in re.findall(r"(\w+)…</a>", tree):
        assert text  # a cut ends after a whole word, never inside one
    item = item_lookup("3.NF.A.1")
    body = client.get(reverse("standards:item", args=[item.pk])).content.decode()
    crumbs = body.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index(framework.title) < crumbs.index("3.NF.A")
    assert "Grade 3" in body and "Grades: 03" not in body
    assert "[exact]" not in body and "[related]" not in body
    assert re.search(r"<h1>\s*\S", body)


def test_framework_page_reads_its_items_in_one_query(
    client, import_standards, django_assert_max_num_queries
):
    """A framework of 1,844 items renders from a handful of queries (not one per item)."""
    import_standards(CCSSI)
    framework = Framework.objects.get()
    assert framework.items.count() > 1800
    with django_assert_max_num_queries(12):
        response = client.get(reverse("standards:framework", args=[framework.pk]))
    assert response.content.decode().count("/standards/items/") > 1800


def test_identifier_items_read_with_the_statement_they_identify(client, import_standards):
    from catalog.standards.templatetags.standards_tags import framework_name

    import_standards(CASE_MATH, CCSSI)
    official = Framework.objects.get(title__contains="official identifiers")
    item = official.items.get(human_coding_scheme="CCSS.Math.Content.3.NF.A.1")
    body = client.get(reverse("standards:item", args=[item.pk])).content.decode()
    stated = item_lookup("3.NF.A.1")
    assert stated.statement and stated.statement.split()[0] in body
    assert "Statement from" in body
    assert framework_name("CC-reading").startswith("Common Core State Standards for English")
