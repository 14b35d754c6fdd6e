"""The cartridge builder on its own: manifest and web links valid against the official CC 1.1
schemas, the LOM carries version / review date / jurisdiction / grades / licence note,
groups become folders, and pyslet reads the package back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from catalog.cartridge.package import (
    ABOUT_FILE,
    About,
    Link,
    build_cartridge,
    manifest_xml,
    weblink_xml,
)

from .reading import assert_valid, parse_with_pyslet, validate_cartridge

LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"

ABOUT = About(
    key="list-7-v2",
    title="Mathematics grades 3–5 (version 2)",
    description="Approved instructional materials list of US-WA.",
    url="https://registry.example.org/math-3-5/versions/2/",
    keywords=("Mathematics", "US-WA", "Mathematics"),
    grades=("K", "3"),
    jurisdiction="US-WA",
    version=2,
    reviewed=dt.date(2026, 5, 4),
    published=dt.date(2026, 6, 1),
    publisher="OER Registry",
)


def _link(title: str, url: str, group: str = "", licence: str = "CC BY 4.0") -> Link:
    return Link(
        title=title,
        url=url,
        attribution_text=f'"{title}" is licensed under {licence}.',
        attribution_html=f"<a href='{url}'>{title}</a> is licensed under {licence}.",
        license_name=licence,
        license_url="https://creativecommons.org/licenses/by/4.0/",
        group=group,
    )


LINKS = [
    _link("Fractions on a number line", "https://www.oercommons.org/courses/f", "Tier 1"),
    _link("Area models", "http://example.org/area", "Tier 2", licence="CC BY-NC 4.0"),
    _link("Unsorted", "https://example.org/u"),
]


def _lom_text(tree, path: str) -> list[str]:
    return [e.text for e in tree.iterfind(path.replace("lom:", LOM))]


def test_manifest_is_valid_cc_1_1_and_carries_the_list_metadata():
    tree = assert_valid("ccv1p1_imscp_v1p2_v1p0.xsd", manifest_xml(ABOUT, LINKS))
    lom = f".//{LOM}lom/"
    assert _lom_text(tree, lom + "lom:general/lom:title/lom:string") == [ABOUT.title]
    assert _lom_text(tree, lom + "lom:general/lom:coverage/lom:string") == ["US-WA"]
    assert _lom_text(tree, lom + "lom:general/lom:keyword/lom:string") == ["Mathematics", "US-WA"]
    assert _lom_text(tree, lom + "lom:general/lom:identifier/lom:entry") == [ABOUT.url]
    contribute = lom + "lom:lifeCycle/lom:contribute/"
    assert _lom_text(tree, contribute + "lom:role/lom:value") == [
        "educational validator",
        "publisher",
    ]
    assert _lom_text(tree, contribute + "lom:date/lom:dateTime") == ["2026-05-04", "2026-06-01"]
    assert "Version 2 published" in _lom_text(
        tree, contribute + "lom:date/lom:description/lom:string"
    )
    (rights,) = _lom_text(tree, lom + "lom:rights/lom:description/lom:string")
    assert "CC BY 4.0 (2)" in rights and "CC BY-NC 4.0 (1)" in rights and ABOUT_FILE in rights
    taxon = lom + "lom:classification/lom:taxonPath/lom:taxon/"
    assert _lom_text(tree, taxon + "lom:id") == ["K", "3"]
    assert _lom_text(tree, taxon + "lom:entry/lom:string") == ["Kindergarten", "Grade 3"]


def test_items_are_grouped_by_the_list_groups_and_pyslet_reads_them():
    data = build_cartridge(ABOUT, LINKS)
    files = validate_cartridge(data)
    assert sorted(files) == [
        "R_0001/weblink.xml",
        "R_0002/weblink.xml",
        "R_0003/weblink.xml",
        ABOUT_FILE,
        "imsmanifest.xml",
    ]
    parsed = parse_with_pyslet(data)
    assert parsed.conformance_failures == []
    outline = [(depth, title, kind) for depth, title, kind, _ in parsed.outline]
    assert outline == [
        (0, "", ""),
        (1, "About this list and attributions", "webcontent"),
        (1, "Tier 1", ""),
        (2, "Fractions on a number line", "imswl_xmlv1p1"),
        (1, "Tier 2", ""),
        (2, "Area models", "imswl_xmlv1p1"),
        (1, "Other", ""),
        (2, "Unsorted", "imswl_xmlv1p1"),
    ]
    urls = [target for _, _, kind, target in parsed.outline if kind == "imswl_xmlv1p1"]
    assert urls == [link.url for link in LINKS]


def test_ungrouped_links_sit_directly_under_the_root_in_order():
    flat = [_link("B", "https://e.org/b"), _link("A", "https://e.org/a")]
    tree = etree.fromstring(manifest_xml(ABOUT, flat))
    root_item = tree.find(f"{CP}organizations/{CP}organization/{CP}item")
    titles = [item.findtext(f"{CP}title") for item in root_item.findall(f"{CP}item")]
    assert titles == ["About this list and attributions", "B", "A"]


def test_about_page_has_the_facts_and_every_attribution():
    files = validate_cartridge(build_cartridge(ABOUT, LINKS))
    page = files[ABOUT_FILE].decode("utf-8")
    for fact in ("US-WA", "<dd>2</dd>", "2026-05-04", "Kindergarten, Grade 3", ABOUT.url):
        assert fact in page
    for link in LINKS:
        assert link.attribution_html in page
    assert page.index("<h2>Tier 1</h2>") < page.index("<h2>Tier 2</h2>") < page.index("Other")


def test_same_input_gives_the_same_bytes():
    assert build_cartridge(ABOUT, LINKS) == build_cartridge(ABOUT, LINKS)
    with zipfile.ZipFile(io.BytesIO(build_cartridge(ABOUT, LINKS))) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 6, 1)}


def test_weblink_opens_in_a_new_window():
    tree = assert_valid("ccv1p1_imswl_v1p1.xsd", weblink_xml(LINKS[0]))
    url = tree.find("{http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1}url")
    assert url.get("href") == LINKS[0].url and url.get("target") == "_blank"


class _LtiLinks:
    """A stand-in for the LTI link format a configured platform would supply."""

    resource_type = "imsbasiclti_xmlv1p0"
    filename = "lti.xml"

    def document(self, link: Link) -> bytes:
        ns = "http://www.imsglobal.org/xsd/imslticc_v1p0"
        blti = "http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
        root = etree.Element(f"{{{ns}}}cartridge_basiclti_link", nsmap={None: ns, "blti": blti})
        etree.SubElement(root, f"{{{blti}}}title").text = link.title
        etree.SubElement(root, f"{{{blti}}}launch_url").text = "https://tool.example.org/launch"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_link_format_can_replace_web_links_with_lti_links():
    """The seam for LTI: the manifest stays valid with LTI resources; the LTI descriptor
    schemas in shared data miss an imported file, so the link files are checked by structure."""
    data = build_cartridge(ABOUT, LINKS, link_format=_LtiLinks())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tree = assert_valid("ccv1p1_imscp_v1p2_v1p0.xsd", archive.read("imsmanifest.xml"))
        link = etree.fromstring(archive.read("R_0001/lti.xml"))
    types = {r.get("type") for r in tree.iter(f"{CP}resource")}
    assert types == {"webcontent", "imsbasiclti_xmlv1p0"}
    assert link.tag == "{http://www.imsglobal.org/xsd/imslticc_v1p0}cartridge_basiclti_link"
    assert link.findtext("{http://www.imsglobal.org/xsd/imsbasiclti_v1p0}launch_url")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative", ""])
def test_a_web_link_is_http_or_https_only(url):
    with pytest.raises(ValueError, match="http"):
        weblink_xml(_link("x", url))
