"""Resolve a license string (URL, free text, SPDX id, OER Commons code) to a License.

``resolve(raw) -> Resolution(license, confidence, reason)``. Order of rules:

1. a curator's LicenseMapping for the normalized string (the review queue's decisions);
2. a URL (any scheme, ``www``, ``deed.xx``, ``legalcode``, slash or not, port) → the registry's
   URI or one of its aliases; an unknown CC path is parsed (code / version / port);
3. an SPDX id (``CC-BY-NC-SA-4.0``, ``MIT``) or a registry key;
4. an exact registry title ("Creative Commons Attribution 4.0 International", "MIT License");
5. free text read as Creative Commons elements ("CC BY-NC-SA 4.0",
   "Attribution-NonCommercial-ShareAlike", "cc-by-nc-sa") plus a few statuses (public domain,
   all rights reserved, US government work).

Confidence: EXACT when the string names one legal tool including its version; INFERRED when we
had to assume (no version → the unversioned family, "version unknown"; never silently 4.0);
AMBIGUOUS when it names several different licenses (license is None then). Nothing found →
license None, confidence None, and the string goes to the curator review queue.
The registry lives in memory (``registry.snapshot``); a call makes no database query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import registry
from .models import License
from .text import canonical_uri, clean, mapping_key, normalize_text

EXACT = "exact"
INFERRED = "inferred"
AMBIGUOUS = "ambiguous"

MAX_LENGTH = 2000  # longer input is refused, not scanned
_RESULT_CACHE_SIZE = 20_000

__all__ = [
    "AMBIGUOUS",
    "EXACT",
    "INFERRED",
    "Resolution",
    "canonical_uri",
    "clean",
    "mapping_key",
    "resolve",
]


@dataclass(frozen=True)
class Resolution:
    license: License | None
    confidence: str | None
    reason: str

    @property
    def resolved(self) -> bool:
        return self.license is not None


def _short(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def resolve(raw: object) -> Resolution:
    """Resolve one license string; never raises on bad input."""
    if isinstance(raw, str) and len(raw) <= MAX_LENGTH:
        hit = registry.snapshot().results.get(("raw", raw))  # fast path: seen this exact string
        if hit is not None:
            return hit
    if raw is not None and not isinstance(raw, str | bytes | bytearray | memoryview):
        return Resolution(None, None, f"not a string ({type(raw).__name__})")
    if isinstance(raw, str | bytes) and len(raw) > MAX_LENGTH * 4:
        return Resolution(None, None, f"too long ({len(raw)} characters; limit {MAX_LENGTH})")
    text = clean(raw)
    if not text:
        return Resolution(None, None, "no license given")
    if len(text) > MAX_LENGTH:
        return Resolution(None, None, f"too long ({len(text)} characters; limit {MAX_LENGTH})")
    if "\ufffd" in text and sum(ch == "\ufffd" for ch in text) * 4 > len(text):
        return Resolution(None, None, "not text (binary or wrongly encoded input)")

    snap = registry.snapshot()
    key = mapping_key(text)
    cached = snap.results.get(key)
    if cached is not None:
        return cached
    result = _resolve(text, key, snap)
    if len(snap.results) < _RESULT_CACHE_SIZE:
        snap.results[key] = result
        if isinstance(raw, str):
            snap.results[("raw", raw)] = result
    return result


def _resolve(text: str, key: str, snap: registry.Snapshot) -> Resolution:
    mapped = snap.mappings.get(key)
    if mapped is not None:
        return Resolution(mapped, EXACT, f"curator mapping for {_short(text)}")

    urls = _URL_RE.findall(text)
    whole_is_url = len(urls) == 1 and len(urls[0]) >= len(text) - 2
    if urls:
        found = [r for r in (_resolve_url(u, snap) for u in urls) if r.license]
        distinct = {r.license.key for r in found}
        if len(distinct) == 1:
            if whole_is_url:
                return found[0]
            if _has_other_license_words(text, found[0]):
                return Resolution(
                    None,
                    AMBIGUOUS,
                    f"the URL says {found[0].license.key}, the text another license",
                )
            return _restate(found[0], "URL in text: ")
        if len(distinct) > 1:
            return _ambiguous(sorted(distinct))
        if whole_is_url:
            first = _resolve_url(urls[0], snap)
            return first

    lic = snap.by_spdx.get(text.lower())
    if lic is not None and not lic.version_unknown:
        return Resolution(lic, EXACT, f"SPDX id {lic.key}")

    norm = normalize_text(text)
    lic = snap.by_title.get(norm) or snap.by_title.get(normalize_text(f"creative commons {text}"))
    if lic is not None and not lic.version_unknown:
        return Resolution(lic, EXACT, f"license title {lic.title!r}")

    return _resolve_text(norm, text, snap)


def _restate(res: Resolution, prefix: str) -> Resolution:
    return Resolution(res.license, res.confidence, prefix + res.reason)


def _ambiguous(keys: list[str]) -> Resolution:
    return Resolution(None, AMBIGUOUS, f"names several licenses: {', '.join(keys)}")


def _has_other_license_words(text: str, found: Resolution) -> bool:
    """True when the text beside the URL names a different CC code than the URL."""
    parsed = _cc_elements(normalize_text(_URL_RE.sub(" ", text)))
    lic = found.license
    return bool(parsed and parsed[0] and lic and lic.family == "cc" and parsed[0] != lic.code)


# --- URLs -------------------------------------------------------------------------------------

_URL_RE = re.compile(
    r"(?:https?://|//|www\.)[^\s<>\"']+|(?:creativecommons\.org|opensource\.org|gnu\.org|spdx\.org)/[^\s<>\"']*",
    re.IGNORECASE,
)
_CC_PATH_RE = re.compile(
    r"^creativecommons\.org/licenses/(?P<code>[a-z+-]+)(?:/(?P<version>\d\.\d))?(?:/(?P<port>[a-z-]+))?$"
)


def _resolve_url(url: str, snap: registry.Snapshot) -> Resolution:
    url = url.rstrip(".,;)]>")
    canon = canonical_uri(url)
    lic = snap.by_uri.get(canon)
    if lic is not None:
        return Resolution(lic, EXACT, f"URL matches {lic.uri or lic.key}")
    spdx = re.match(r"^spdx\.org/licenses/([\w.+-]+)$", canon)
    if spdx and spdx.group(1) in snap.by_spdx:
        lic = snap.by_spdx[spdx.group(1)]
        return Resolution(lic, EXACT, f"SPDX URL for {lic.key}")
    cc = _CC_PATH_RE.match(canon)
    if cc:
        code, version, port = cc.group("code"), cc.group("version"), cc.group("port") or ""
        code = {"by-nd-nc": "by-nc-nd"}.get(code, code)
        if version is None:
            fam = snap.families.get(code)
            if fam is not None:
                return Resolution(
                    fam, INFERRED, f"CC {code.upper()} URL without a version: version unknown"
                )
        else:
            lic = snap.by_code_version.get((code, version, port))
            if lic is not None:
                return Resolution(
                    lic, EXACT, f"CC URL path {code}/{version}{'/' + port if port else ''}"
                )
            return Resolution(
                None,
                None,
                f"no CC {code.upper()} {version} {port.upper()} in the registry".replace("  ", " "),
            )
    return Resolution(None, None, f"URL {_short(url)} is not a known license URL")


# --- free text --------------------------------------------------------------------------------

_VERSION_RE = re.compile(
    r"(?<![\d.])v?(1\.0|2\.0|2\.1|2\.5|3\.0|4\.0)(?![\d.])|(?<![\d.])v?([1-4])(?![\d.])"
)
_ACCESS_RIGHTS = re.compile(r"info:eu-repo/semantics/(\w+)", re.IGNORECASE)
_ELEMENT_WORDS = [
    ("nc", r"\bnon ?commercial\b|\bnon commercial\b|\bnc\b"),
    ("nd", r"\bno ?deriv(?:ative)?s?\b|\bno ?derivative works\b|\bnd\b"),
    ("sa", r"\bshare ?alike\b|\bsa\b"),
    ("by", r"\battribution\b|\bcc by\b|^by\b|\bby (?=nc|nd|sa)\b|\bcreative commons by\b"),
]
_CC_CODE_RE = re.compile(r"\bcc[\s_-]*(by(?:[\s_-]+(?:nc|nd|sa)\b)*)")


def _CODE_FIX(code: str) -> str:  # upper case: reads like the regex it serves
    return "-".join(re.split(r"[\s_-]+", code))


_CC_CONTEXT = re.compile(
    r"^by (nc|nd|sa)\b|\bcc\b|\bcreative ?commons\b|\battribution\b|\bcc by|\bshare ?alike\b"
)


def _cc_elements(norm: str) -> tuple[str, set[str]] | None:
    """("by-nc-sa", {"by", "nc", "sa"}) from "cc by nc sa 4.0"; None if no CC context."""
    s = norm.replace("-", " ").replace("_", " ")
    if not _CC_CONTEXT.search(s):
        return None
    found = {code for code, pattern in _ELEMENT_WORDS if re.search(pattern, s)}
    order = [c for c in ("by", "nc", "nd", "sa") if c in found]
    return ("-".join(order), found)


def _version(norm: str) -> str | None:
    versions = set()
    for m in _VERSION_RE.finditer(norm):
        versions.add(m.group(1) or f"{m.group(2)}.0")
    return versions.pop() if len(versions) == 1 else ("?" if versions else None)


def _port(norm: str, snap: registry.Snapshot, code: str, version: str) -> str:
    if re.search(r"\bigo\b|intergovernmental", norm):
        return "igo"
    after = re.search(rf"(?<![\d.])v?{re.escape(version)}\s+([a-z]{{2,8}})\b", norm)
    if after and (code, version, after.group(1)) in snap.by_code_version:
        return after.group(1)  # "CC BY-SA 3.0 DE": the port code right after the version
    for name, code in snap.ports.items():
        if name in ("generic", "unported", "international"):
            continue
        if re.search(rf"\b{re.escape(name)}\b", norm):
            return code
    return ""


def _resolve_text(norm: str, text: str, snap: registry.Snapshot) -> Resolution:
    s = norm.replace("-", " ").replace("_", " ")
    access = _ACCESS_RIGHTS.search(text)
    if access:
        return Resolution(None, None, f"access-rights statement ({access.group(1)}), not a license")
    if re.search(r"\bcc ?0\b|\bcc zero\b|creative commons zero|public domain dedication", s):
        lic = snap.by_key.get("CC0-1.0")
        return Resolution(lic, EXACT, "CC0 (one version exists: 1.0)")
    if re.search(r"public domain mark|\bcc mark\b|\bpdm\b", s):
        lic = snap.by_key.get("CC-PDM-1.0")
        return Resolution(lic, EXACT, "Public Domain Mark (one version exists: 1.0)")
    if re.search(r"\b(u ?s|united states|federal) government work\b|\bwork of the u ?s\b", s):
        lic = snap.by_key.get("LicenseRef-US-Government-Work")
        return Resolution(lic, INFERRED, "US government work: public domain in the US")
    if re.fullmatch(r"(the )?public domain( work)?", s):
        lic = snap.by_key.get("LicenseRef-Public-Domain")
        return Resolution(lic, INFERRED, "public domain, no legal tool named")

    named = {_CODE_FIX(m) for m in _CC_CODE_RE.findall(text.lower())}
    if len(named) > 1:
        return Resolution(
            None,
            AMBIGUOUS,
            f"names several licenses: {', '.join(sorted(c.upper() for c in named))}",
        )
    parsed = _cc_elements(norm)
    if parsed is not None and parsed[0]:
        code, found = parsed
        if "by" not in found and ("sa" in found or "nc" in found or "nd" in found):
            code = "by-" + code  # "CC NC-SA" in practice means BY-NC-SA (BY is in every 2.0+ tool)
        if "nd" in found and "sa" in found:
            return Resolution(
                None, AMBIGUOUS, f"{_short(text)} combines NoDerivatives and ShareAlike"
            )
        version = _version(s)
        if version == "?":
            return Resolution(None, AMBIGUOUS, f"{_short(text)} names several versions")
        if version is None:
            fam = snap.families.get(code)
            if fam is not None:
                return Resolution(
                    fam, INFERRED, f"CC {code.upper()} without a version: version unknown"
                )
        else:
            port = _port(s, snap, code, version)
            lic = snap.by_code_version.get((code, version, port))
            if lic is not None:
                where = f", port {port.upper()}" if port else ""
                return Resolution(lic, EXACT, f"free text: CC {code.upper()} {version}{where}")
            fam = snap.families.get(code)
            if fam is not None:
                return Resolution(
                    fam,
                    INFERRED,
                    f"CC {code.upper()} {version} {port.upper()} is not in the registry: "
                    "version unknown",
                )

    if "(not open)" in text.lower():
        lic = snap.by_key.get("LicenseRef-All-Rights-Reserved")
        return Resolution(
            lic, INFERRED, "marked not open and no license named: all rights reserved"
        )
    if re.search(r"all rights reserved|^copyright\b|^©", s + " " + text.lower()):
        lic = snap.by_key.get("LicenseRef-All-Rights-Reserved")
        return Resolution(
            lic, INFERRED, "a copyright statement without a license: all rights reserved"
        )
    if re.search(r"special permissions|custom (terms|license)|terms of use", s):
        lic = snap.by_key.get("LicenseRef-Custom-Terms")
        return Resolution(lic, INFERRED, "custom terms: read the provider's terms of use")
    for pattern, key, confidence, reason in _OTHER_NAMES:
        if re.fullmatch(pattern, s):
            lic = snap.by_key.get(key) if key else None
            return Resolution(lic, confidence, reason)
    return Resolution(None, None, f"no license in the registry matches {_short(text)}")


# Common short names of non-CC licenses (the registry's titles are matched before these).
_OTHER_NAMES = [
    (r"(the )?apache( license)?( version| v)? ?2(\.0)?( license)?", "Apache-2.0", EXACT,
     "Apache 2.0"),
    (r"(gnu )?(gpl|general public license) ?v?3(\.0)?", "GPL-3.0-only", INFERRED,
     "GPL version 3 without \"or later\": read as GPL-3.0-only"),
    (r"(gnu )?(gpl|general public license) ?v?2(\.0)?", "GPL-2.0-only", INFERRED,
     "GPL version 2 without \"or later\": read as GPL-2.0-only"),
    (r"(open database license )?\(?odbl\)?( v?1\.0)?", "ODbL-1.0", EXACT,
     "ODbL (one version: 1.0)"),
    (r"(the )?unlicense", "Unlicense", EXACT, "The Unlicense"),
    (r"bsd( license)?", None, AMBIGUOUS, "BSD without a clause count: 2-clause or 3-clause?"),
]  # fmt: skip
