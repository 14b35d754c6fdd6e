"""Fixtures for the standards tests: paths into ../shared/data/standards and an importer."""

from __future__ import annotations

import pytest

from catalog.standards.importers.pipeline import standards_import

CASE_MATH = "case-opensalt/CCSS-Math_CASE_math_cfs_sample.json"
CASE_DEMO = "case-opensalt/opensalt-framework-20c5134f-what-standards-could-be.json"
CCSSI = "asn-common-standards-project/ccssi-identifiers/CCSSI-identifiers-v2.json"
ASN_FULL = "asn-common-standards-project/raw-asn-full"
ASN_TREE_MATH = "asn-common-standards-project/asn-manifest/CC-math.json"
ASN_TREE_ELA = "asn-common-standards-project/asn-manifest/CC-reading.json"
NGSS_XML = "asn-ngss-ccss-rdfxml-phet/NextGenScience_D2454348_ASN.xml"
CCSS_MATH_XML = "asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml"


@pytest.fixture(scope="session")
def standards_dir(shared_data):
    return shared_data / "standards"


@pytest.fixture
def import_standards(standards_dir):
    """Import files named relative to ../shared/data/standards; returns the reports."""

    def run(*relative):
        reports, _ = standards_import([str(standards_dir / r) for r in relative])
        return reports

    return run
