"""The build script turns ../shared/data/licenses into the committed data file, reproducibly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA_FILE = ROOT / "catalog" / "licenses" / "data" / "licenses.json"


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_license_registry", ROOT / "scripts" / "build_license_registry.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(shared_data):
    return _script().build(shared_data)


@pytest.fixture(scope="module")
def by_key(built):
    return {r["key"]: r for r in built["licenses"]}


def test_committed_file_is_what_the_script_builds(built):
    committed = json.loads(DATA_FILE.read_text("utf-8"))
    assert committed == built, "run scripts/build_license_registry.py and commit the result"


def test_main_writes_identical_bytes_twice(shared_data, tmp_path):
    script = _script()
    out = tmp_path / "licenses.json"
    script.main(["--data", str(shared_data), "--out", str(out)])
    first = out.read_bytes()
    script.main(["--data", str(shared_data), "--out", str(out)])
    assert out.read_bytes() == first == DATA_FILE.read_bytes()


def test_every_cc_rdf_file_is_in_the_registry(shared_data, built):
    rdf = sorted((shared_data / "licenses" / "cc-licenserdf" / "licenses").glob("*.rdf"))
    uris = {u for r in built["licenses"] for u in [r["uri"], *r["aliases"]]}
    for path in rdf:
        url = "https://" + path.stem.replace("_", "/")
        assert url in uris, f"{path.name} has no record"


@pytest.mark.parametrize(
    "key, code, version, port, flags",
    [
        (
            "CC-BY-4.0",
            "by",
            "4.0",
            "",
            {"share_alike": False, "non_commercial": False, "no_derivatives": False},
        ),
        ("CC-BY-SA-4.0", "by-sa", "4.0", "", {"share_alike": True}),
        (
            "CC-BY-NC-ND-4.0",
            "by-nc-nd",
            "4.0",
            "",
            {"non_commercial": True, "no_derivatives": True},
        ),
        (
            "CC-BY-NC-SA-3.0-IGO",
            "by-nc-sa",
            "3.0",
            "igo",
            {"share_alike": True, "non_commercial": True},
        ),
        (
            "CC-BY-NC-ND-1.0",
            "by-nc-nd",
            "1.0",
            "",
            {"non_commercial": True, "no_derivatives": True},
        ),
        ("CC-BY-SA-2.0-UK", "by-sa", "2.0", "uk", {"share_alike": True}),
        ("CC-BY-NC-SA-2.5-IN", "by-nc-sa", "2.5", "in", {"non_commercial": True}),
        ("CC-BY-SA-3.0-DE", "by-sa", "3.0", "de", {"share_alike": True}),
        ("CC-ND-NC-1.0", "nc-nd", "1.0", "", {"requires_attribution": False, "deprecated": True}),
        ("CC0-1.0", "cc0", "1.0", "", {"public_domain": True, "requires_attribution": False}),
        ("CC-PDM-1.0", "pdm", "1.0", "", {"public_domain": True}),
    ],
)
def test_cc_records_carry_code_version_port_and_flags(by_key, key, code, version, port, flags):
    rec = by_key[key]
    assert (rec["code"], rec["version"], rec["jurisdiction"]) == (code, version, port)
    for name, value in flags.items():
        assert rec[name] is value, name


def test_by_nd_nc_quirk_keeps_its_url_and_spdx_id(by_key):
    rec = by_key["CC-BY-NC-ND-1.0"]
    assert rec["uri"] == "https://creativecommons.org/licenses/by-nd-nc/1.0/"
    assert rec["spdx_id"] == "CC-BY-NC-ND-1.0"
    assert rec["replaced_by"] == "CC-BY-NC-ND-2.0"


def test_counts_by_version_match_the_rdf(built):
    versions = {}
    for r in built["licenses"]:
        if r["family"] == "cc" and r["version"]:
            versions[r["version"]] = versions.get(r["version"], 0) + 1
    assert versions["4.0"] == 6
    assert versions["3.0"] >= 230 and versions["2.5"] >= 170


def test_non_cc_and_status_records_exist(by_key):
    for key in (
        "MIT",
        "Apache-2.0",
        "GPL-3.0-only",
        "GFDL-1.3-only",
        "LicenseRef-US-Government-Work",
        "LicenseRef-All-Rights-Reserved",
        "LicenseRef-Custom-Terms",
        "CC-BY",
        "CC-BY-NC-SA",
    ):
        assert key in by_key
    assert by_key["CC-BY"]["version"] == ""
    assert by_key["GPL-3.0-only"]["share_alike"] is True


def test_spdx_ids_only_where_spdx_lists_them(shared_data, built):
    spdx = {
        e["licenseId"]
        for e in json.loads((shared_data / "licenses/spdx/licenses.json").read_text())["licenses"]
    }
    assert all(r["spdx_id"] in spdx for r in built["licenses"] if r["spdx_id"])
    assert all(
        r["replaced_by"] in {x["key"] for x in built["licenses"]}
        for r in built["licenses"]
        if r["replaced_by"]
    )
