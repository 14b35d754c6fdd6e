"""Every distinct license string in ../shared/data, read from the files themselves."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

_LICENSE_KEYS = {"license", "license_url", "license_name", "licenseurl", "url"}


def oer_commons_rows(shared_data: Path) -> list[dict]:
    path = shared_data / "oer-metadata" / "oer-commons" / "oer_commons_clean.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _oai_strings(shared_data: Path) -> set[str]:
    out: set[str] = set()
    pattern = re.compile(r"<(?:dc:rights|datacite:rights)[^>]*>([^<]*)</|rightsURI=\"([^\"]*)\"")
    for path in (shared_data / "oai-pmh").rglob("*.xml"):
        text = path.read_text("utf-8", errors="replace")
        for m in pattern.finditer(text):
            value = (m.group(1) or m.group(2) or "").strip()
            if value:
                out.add(" ".join(value.split()))
    return out


def _json_strings(obj, out: set[str], in_license: bool = False) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            lic = k.lower().startswith("license") and k.lower() != "license_text"
            if lic and k.lower() == "license_version":
                continue
            if isinstance(v, str) and (lic or (in_license and k in ("id", "@id"))) and v.strip():
                if not v.startswith("#/") and "schemas/" not in v:
                    out.add(v.strip())
            else:
                _json_strings(v, out, lic)
    elif isinstance(obj, list):
        for x in obj:
            _json_strings(x, out, in_license)


def _metadata_strings(shared_data: Path) -> set[str]:
    out: set[str] = set()
    base = shared_data / "oer-metadata"
    for folder in ("openstax", "lrmi", "amb-examples"):
        for path in (base / folder).rglob("*"):
            if path.suffix not in (".json", ".jsonld", ".json-ld") or not path.is_file():
                continue
            try:
                _json_strings(json.loads(path.read_text("utf-8")), out)
            except ValueError:
                continue
    kolibri = json.loads(
        (shared_data / "licenses" / "kolibri-le-utils" / "licenselookup.json").read_text()
    )
    for entry in kolibri.values():
        out.add(entry["name"])
        if entry.get("url"):
            out.add(entry["url"])
    return out


def all_license_strings(shared_data: Path) -> set[str]:
    rows = oer_commons_rows(shared_data)
    strings = {r["LICENSE_URL"].strip() for r in rows} | {r["LICENSE_TITLE"].strip() for r in rows}
    strings |= _oai_strings(shared_data) | _metadata_strings(shared_data)
    return {s for s in strings if s}
