"""Reading a produced cartridge back, two independent ways: the official CC 1.1 XML Schemas
(lxml, local files only, as ``common-cartridge-1.1/PROVENANCE.md`` describes) and pyslet's
Common Cartridge reader, which also runs its own CC profile conformance checks."""

from __future__ import annotations

import functools
import io
import tempfile
import unittest
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tests.conftest import SHARED_DATA

SCHEMAS = SHARED_DATA / "lms" / "common-cartridge-1.1"
WL_NS = "{http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1}"


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """A CC 1.1 schema compiled from the shared copy (imports resolve beside it, no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def assert_valid(xsd: str, document: bytes) -> etree._Element:
    tree = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    checker = schema(xsd)
    assert checker.validate(tree), f"{xsd}: {checker.error_log}"
    return tree


def validate_cartridge(data: bytes) -> dict[str, bytes]:
    """Every file of the cartridge, after validating the manifest against the package schema
    and each web link against the web link schema."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        files = {name: archive.read(name) for name in archive.namelist()}
    assert archive.namelist()[0] == "imsmanifest.xml"
    assert_valid("ccv1p1_imscp_v1p2_v1p0.xsd", files["imsmanifest.xml"])
    links = [name for name in files if name.endswith("/weblink.xml")]
    for name in links:
        assert_valid("ccv1p1_imswl_v1p1.xsd", files[name])
    return files


@dataclass
class Parsed:
    """What pyslet read: the organisation as (depth, title, resource type, link url or file)."""

    outline: list[tuple[int, str, str, str]]
    resource_types: dict[str, str]
    conformance_failures: list[str]


def parse_with_pyslet(data: bytes) -> Parsed:
    """Open the .imscc with pyslet's CC 1.1 reader, walk its organisation, read every linked
    file through the package, and run pyslet's CC conformance suite."""
    from pyslet import imscc_profilev1p0 as cc10
    from pyslet import imscc_profilev1p1 as cc11

    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        # pyslet's CC checks call its own deprecated aliases; that is pyslet's business.
        warnings.simplefilter("ignore", DeprecationWarning)
        path = Path(folder) / "export.imscc"
        path.write_bytes(data)
        cartridge = cc11.CommonCartridge(str(path))
        try:
            package = cartridge.cp
            resources = {r.id: r for r in package.manifest.root.Resources.Resource}

            def read(resource) -> bytes:
                relative = resource.File[0].package_path(package)
                with package.dPath.join(relative).open("rb") as handle:
                    return handle.read()

            outline: list[tuple[int, str, str, str]] = []

            def walk(element, depth: int) -> None:
                for child in element.get_children():
                    if getattr(child, "xmlname", None) != "item":
                        continue
                    attrs = {name[1]: value for name, value in child.get_attributes().items()}
                    title = next(
                        (
                            t.get_value()
                            for t in child.get_children()
                            if getattr(t, "xmlname", None) == "title"
                        ),
                        "",
                    )
                    ref = attrs.get("identifierref")
                    kind, target = "", ""
                    if ref:
                        resource = resources[ref]
                        kind = resource.type
                        body = read(resource)
                        if kind == "imswl_xmlv1p1":
                            target = etree.fromstring(body).find(f"{WL_NS}url").get("href")
                        else:
                            target = body.decode("utf-8")
                    outline.append((depth, title or "", kind, target))
                    walk(child, depth + 1)

            walk(package.manifest.root.Organizations.Organization[0], 0)
            result = unittest.TestResult()
            cc10.CCTestSuite(cartridge).run(result)
            failures = [str(test) for test, _ in result.failures + result.errors]
            types = {rid: r.type for rid, r in resources.items()}
        finally:
            cartridge.close()
    return Parsed(outline, types, failures)
