#!/usr/bin/env python3
"""Build catalog/licenses/data/licenses.json from ../shared/data/licenses (reproducible).

Inputs (see ../shared/data/licenses/PROVENANCE.md):
- cc-licenserdf/licenses/*.rdf: one Creative Commons legal tool per file (every version 1.0–4.0,
  every jurisdiction port, IGO, CC0, the Public Domain Mark, the retired 1.0 tools).
- spdx/licenses.json: SPDX ids and names; a CC tool gets ``spdx_id`` only when SPDX lists it.

Added by hand below (they have no RDF): the non-CC licenses OER uses (GFDL, GPL, MIT, Apache…),
the unversioned CC families (what "CC BY" means when no version is given), US government public
domain, generic public domain, all rights reserved and custom terms.

The output is sorted and has no timestamps, so running the script twice gives the same bytes.

    python scripts/build_license_registry.py [--data ../shared/data] [--out catalog/licenses/...]
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "catalog" / "licenses" / "data" / "licenses.json"

NS = {
    "cc": "http://creativecommons.org/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcq": "http://purl.org/dc/terms/",
}
RDF_RESOURCE = f"{{{NS['rdf']}}}resource"
RDF_ABOUT = f"{{{NS['rdf']}}}about"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CC_NS = NS["cc"]

# CC's wrappers around software licenses: the real license is listed below instead, and these
# URLs become its aliases.
CC_SOFTWARE_WRAPPERS = {
    "creativecommons.org/licenses/GPL/2.0/": "GPL-2.0-only",
    "creativecommons.org/licenses/LGPL/2.1/": "LGPL-2.1-only",
    "creativecommons.org/licenses/BSD/": "BSD-2-Clause",
    "creativecommons.org/licenses/MIT/": "MIT",
}

# RDF identifier → (normalized code, key stem). The 1.0 "by-nd-nc" quirk is BY-NC-ND.
CODE_FIXES = {
    "by-nd-nc": ("by-nc-nd", "BY-NC-ND"),
    "nd-nc": ("nc-nd", "ND-NC"),
    "sampling+": ("sampling+", "Sampling-Plus"),
    "nc-sampling+": ("nc-sampling+", "NC-Sampling-Plus"),
    "sampling": ("sampling", "Sampling"),
    "devnations": ("devnations", "DevNations"),
}

CC_WORDS = {"by": "BY", "sa": "SA", "nc": "NC", "nd": "ND"}
FAMILY_TITLES = {
    "by": "Attribution",
    "by-sa": "Attribution-ShareAlike",
    "by-nd": "Attribution-NoDerivatives",
    "by-nc": "Attribution-NonCommercial",
    "by-nc-sa": "Attribution-NonCommercial-ShareAlike",
    "by-nc-nd": "Attribution-NonCommercial-NoDerivatives",
}

# Non-CC licenses that OER carries. Flags: (attribution, share_alike). None is NC or ND.
OTHER_SPDX = {
    "MIT": (True, False),
    "Apache-2.0": (True, False),
    "BSD-2-Clause": (True, False),
    "BSD-3-Clause": (True, False),
    "BSD-3-Clause-Clear": (True, False),
    "GPL-2.0-only": (True, True),
    "GPL-2.0-or-later": (True, True),
    "GPL-3.0-only": (True, True),
    "GPL-3.0-or-later": (True, True),
    "LGPL-2.1-only": (True, True),
    "LGPL-3.0-only": (True, True),
    "AGPL-3.0-only": (True, True),
    "AGPL-3.0-or-later": (True, True),
    "GFDL-1.2-only": (True, True),
    "GFDL-1.3-only": (True, True),
    "GFDL-1.3-or-later": (True, True),
    "MPL-2.0": (True, True),
    "EPL-2.0": (True, True),
    "ODbL-1.0": (True, True),
    "ODC-By-1.0": (True, False),
    "OGL-UK-3.0": (True, False),
    "Unlicense": (False, False),
    "PDDL-1.0": (False, False),
}
PUBLIC_DOMAIN_SPDX = {"Unlicense", "PDDL-1.0"}
# Well-known URLs for non-CC licenses that the SPDX seeAlso lists miss.
EXTRA_ALIASES = {
    "GPL-3.0-only": [
        "https://www.gnu.org/licenses/gpl-3.0",
        "https://www.gnu.org/licenses/gpl-3.0.html",
    ],
    "GPL-2.0-only": ["https://www.gnu.org/licenses/old-licenses/gpl-2.0.html"],
    "AGPL-3.0-only": [
        "https://www.gnu.org/licenses/agpl-3.0",
        "https://www.gnu.org/licenses/agpl-3.0.html",
    ],
    "LGPL-3.0-only": ["https://www.gnu.org/licenses/lgpl-3.0.html"],
    "GFDL-1.3-only": [
        "https://www.gnu.org/licenses/fdl-1.3.html",
        "https://www.gnu.org/copyleft/fdl.html",
    ],
    "MIT": ["https://opensource.org/licenses/MIT"],
    "Apache-2.0": ["https://www.apache.org/licenses/LICENSE-2.0.html"],
    "MPL-2.0": [
        "https://opensource.org/licenses/MPL-2.0",
        "https://www.mozilla.org/en-US/MPL/2.0/",
    ],
    "BSD-3-Clause": ["https://opensource.org/licenses/BSD-3-Clause"],
    "BSD-2-Clause": ["https://opensource.org/licenses/BSD-2-Clause"],
}

FLAG_DEFAULTS = {
    "requires_attribution": True,
    "share_alike": False,
    "non_commercial": False,
    "no_derivatives": False,
    "public_domain": False,
    "deprecated": False,
}


def https(uri: str) -> str:
    """CC publishes its tools at https now; the RDF still says http."""
    return "https://" + uri.split("://", 1)[1] if "://" in uri else uri


def record(**fields) -> dict:
    out = {
        "key": "",
        "spdx_id": "",
        "uri": "",
        "deed_url": "",
        "legalcode_url": "",
        "title": "",
        "short_name": "",
        "family": "",
        "code": "",
        "version": "",
        "jurisdiction": "",
        **FLAG_DEFAULTS,
        "replaced_by": "",
        "aliases": [],
    }
    out.update(fields)
    out["aliases"] = sorted(set(out["aliases"]))
    return out


def cc_key(code: str, version: str, jurisdiction: str) -> tuple[str, str]:
    """Key stem and short code: ("CC-BY-NC-SA-3.0-DE", "BY-NC-SA")."""
    norm, stem = CODE_FIXES.get(
        code, (code, "-".join(CC_WORDS.get(p, p.upper()) for p in code.split("-")))
    )
    parts = ["CC", stem, version] + ([jurisdiction.upper()] if jurisdiction else [])
    return "-".join(p for p in parts if p), norm


def parse_cc_rdf(path: Path, spdx_ids: dict[str, str]) -> dict | None:
    lic = ET.parse(path).getroot().find("cc:License", NS)  # noqa: S314 - our own data files
    if lic is None:
        return None
    about = lic.get(RDF_ABOUT, "")
    bare = about.split("://", 1)[-1]
    if bare in CC_SOFTWARE_WRAPPERS:
        return None

    def res(tag: str) -> list[str]:
        return [e.get(RDF_RESOURCE, "") for e in lic.findall(tag, NS)]

    def text(tag: str) -> str:
        e = lic.find(tag, NS)
        return (e.text or "").strip() if e is not None else ""

    permits = {r.removeprefix(CC_NS) for r in res("cc:permits")}
    requires = {r.removeprefix(CC_NS) for r in res("cc:requires")}
    prohibits = {r.removeprefix(CC_NS) for r in res("cc:prohibits")}
    code = text("dc:identifier")
    version = text("dcq:hasVersion")
    juris_uri = (res("cc:jurisdiction") or [""])[0]
    jurisdiction = juris_uri.rstrip("/").rsplit("/", 1)[-1] if juris_uri else ""
    titles = {e.get(XML_LANG): (e.text or "").strip() for e in lic.findall("dc:title", NS)}
    title_en = titles.get("en") or titles.get("en-us") or next(iter(titles.values()), code)
    legalcodes = [https(r) for r in res("cc:legalcode")]
    legalcode = next(
        (u for u in legalcodes if u.endswith("/legalcode")), legalcodes[0] if legalcodes else ""
    )
    replaced = (res("dcq:isReplacedBy") or res("dc:isReplacedBy") or [""])[0]
    deprecated = lic.find("cc:deprecatedOn", NS) is not None
    uri = https(about)

    if bare == "creativecommons.org/publicdomain/zero/1.0/":
        return record(
            key="CC0-1.0", spdx_id="CC0-1.0", uri=uri, deed_url=uri, legalcode_url=legalcode,
            title="CC0 1.0 Universal (Public Domain Dedication)", short_name="CC0 1.0",
            family="cc0", code="cc0", version="1.0", requires_attribution=False, public_domain=True,
        )  # fmt: skip
    if bare == "creativecommons.org/publicdomain/mark/1.0/":
        return record(
            key="CC-PDM-1.0", spdx_id="CC-PDM-1.0", uri=uri, deed_url=uri, legalcode_url="",
            title="Public Domain Mark 1.0", short_name="Public Domain Mark 1.0", family="pdm",
            code="pdm", version="1.0", requires_attribution=False, public_domain=True,
        )  # fmt: skip
    if bare == "creativecommons.org/licenses/publicdomain/":
        return record(
            key="CC-PDDC", spdx_id="CC-PDDC", uri=uri, deed_url=uri, legalcode_url=legalcode,
            title="Creative Commons Public Domain Dedication and Certification",
            short_name="CC PDDC", family="public-domain", code="publicdomain",
            requires_attribution=False, public_domain=True, deprecated=True,
        )  # fmt: skip

    key, norm = cc_key(code, version, jurisdiction)
    spdx = spdx_ids.get(key.lower(), "")
    if spdx:
        key = spdx
    short = "CC " + key.removeprefix("CC-").replace(f"-{version}", f" {version}", 1)
    short = short.replace(f" {version}-", f" {version} ")
    return record(
        key=key,
        spdx_id=spdx,
        uri=uri,
        deed_url=uri,
        legalcode_url=legalcode,
        title=f"Creative Commons {title_en}",
        short_name=short,
        family="cc",
        code=norm,
        version=version,
        jurisdiction=jurisdiction,
        requires_attribution="Attribution" in requires,
        share_alike="ShareAlike" in requires,
        non_commercial="CommercialUse" in prohibits,
        no_derivatives="DerivativeWorks" not in permits,
        deprecated=deprecated,
        replaced_by=https(replaced) if replaced else "",  # resolved to a key below
    )


def other_licenses(spdx: dict[str, dict]) -> list[dict]:
    wrappers = {v: f"https://{k}" for k, v in CC_SOFTWARE_WRAPPERS.items()}
    out = []
    for lid, (attribution, share_alike) in OTHER_SPDX.items():
        entry = spdx[lid]
        see_also = [u.strip() for u in entry.get("seeAlso", []) if u.strip()]
        aliases = (
            see_also[1:]
            + EXTRA_ALIASES.get(lid, [])
            + [
                f"https://spdx.org/licenses/{lid}.html",
                f"https://spdx.org/licenses/{lid}",
            ]
        )
        if lid in wrappers:
            aliases.append(wrappers[lid])
        pd = lid in PUBLIC_DOMAIN_SPDX
        out.append(
            record(
                key=lid,
                spdx_id=lid,
                uri=see_also[0] if see_also else "",
                deed_url=see_also[0] if see_also else "",
                legalcode_url=see_also[0] if see_also else "",
                title=entry["name"],
                short_name=lid,
                family="public-domain" if pd else "free-software",
                requires_attribution=attribution,
                share_alike=share_alike,
                public_domain=pd,
                deprecated=bool(entry.get("isDeprecatedLicenseId")),
                aliases=aliases,
            )  # fmt: skip
        )
    # A GNU URL names the text, not the "or later" grant: it belongs to the "-only" record.
    only_urls = {u for r in out if r["key"].endswith("-only") for u in [r["uri"], *r["aliases"]]}
    for r in out:
        if r["key"].endswith("-or-later"):
            r["aliases"] = [u for u in r["aliases"] if u not in only_urls and "spdx.org" in u]
            if r["uri"] in only_urls:
                r["uri"] = ""
    return out


def hand_made() -> list[dict]:
    """Records with no RDF or SPDX source: unversioned CC families and non-license statuses."""
    out = []
    for code, words in FAMILY_TITLES.items():
        stem = "-".join(CC_WORDS[p] for p in code.split("-"))
        out.append(
            record(
                key=f"CC-{stem}",
                deed_url="https://creativecommons.org/licenses/",
                title=f"Creative Commons {words} (version unknown)",
                short_name=f"CC {stem} (version unknown)",
                family="cc",
                code=code,
                share_alike="sa" in code.split("-"),
                non_commercial="nc" in code.split("-"),
                no_derivatives="nd" in code.split("-"),
            )  # fmt: skip
        )
    out += [
        record(
            key="LicenseRef-US-Government-Work",
            deed_url="https://www.usa.gov/government-copyright",
            title="US Government Work (public domain in the US, 17 U.S.C. § 105)",
            short_name="US Government Work", family="public-domain", code="us-gov",
            requires_attribution=False, public_domain=True,
        ),
        record(
            key="LicenseRef-Public-Domain", title="Public domain (no specific legal tool named)",
            short_name="Public domain", family="public-domain", code="public-domain",
            requires_attribution=False, public_domain=True,
        ),
        record(
            key="LicenseRef-All-Rights-Reserved",
            title="All rights reserved (copyright, no license)",
            short_name="All rights reserved", family="arr", code="arr", no_derivatives=True,
            aliases=["http://www.allrights-reserved.com/"],  # Kolibri's "All Rights Reserved" URL
        ),
        record(
            key="LicenseRef-Custom-Terms", title="Custom terms (read the provider's terms of use)",
            short_name="Custom terms", family="custom", code="custom", no_derivatives=True,
        ),
    ]  # fmt: skip
    return out


def merge_duplicates(records: list[dict]) -> list[dict]:
    """One record per key. CC published some tools under two URLs (by-nd-nc/2.0/jp/ beside
    by-nc-nd/2.0/jp/): keep the URL spelled with the canonical code, the other becomes an alias."""
    by_key: dict[str, dict] = {}
    for r in records:
        kept = by_key.get(r["key"])
        if kept is None:
            by_key[r["key"]] = r
            continue
        canonical = f"/{r['code']}/" in r["uri"] and f"/{kept['code']}/" not in kept["uri"]
        winner, loser = (r, kept) if canonical else (kept, r)
        winner["aliases"] = sorted({*winner["aliases"], *loser["aliases"], loser["uri"]})
        by_key[r["key"]] = winner
    return list(by_key.values())


def build(data: Path) -> dict:
    spdx_doc = json.loads((data / "licenses" / "spdx" / "licenses.json").read_text("utf-8"))
    spdx = {e["licenseId"]: e for e in spdx_doc["licenses"]}
    spdx_lower = {k.lower(): k for k in spdx}
    rdf_dir = data / "licenses" / "cc-licenserdf" / "licenses"
    records = [r for p in sorted(rdf_dir.glob("*.rdf")) if (r := parse_cc_rdf(p, spdx_lower))]
    records = merge_duplicates(records) + other_licenses(spdx) + hand_made()

    by_uri = {r["uri"]: r["key"] for r in records if r["uri"]}
    for r in records:
        if r["replaced_by"].startswith("http"):
            r["replaced_by"] = by_uri.get(r["replaced_by"], "")
    return {
        "sources": {
            "spdx_license_list": spdx_doc.get("licenseListVersion", ""),
            "cc_licenserdf_commit": "3ac4d56e69a98294d910973c049b45f7e2bf6767",
            "built_by": "scripts/build_license_registry.py",
        },
        "licenses": sorted(records, key=lambda r: r["key"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    doc = build(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(doc['licenses'])} licenses to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
