"""Normalising the many ways a standard is named into lookup codes.

- ``normal(code)``: lower-cased, trimmed, ``https`` → ``http``: what every code is stored as.
- ``asn_id(uri)``: ``S1143483`` from any ASN URI (``asn.jesandco.org``, ``asn.desire2learn.com``
  or ``purl.org/ASN``).
- ``ccss_key(code, subject)``: one canonical key for a Common Core standard whichever way it
  is written: official dot notation ``CCSS.Math.Content.3.NF.A.1``, short code ``3.NF.A.1``,
  ASN notation ``3.NF.1`` (no cluster letter), corestandards.org URIs in their 2010 and current
  forms (``…/Math/Content/3/NF/A/1``, ``…/HSN/Q/A/3``; PhET links ``thecorestandards.org``).
  Keys are what tie the ASN and CASE copies of CCSS to the official GUIDs and to NGSS
  ``alignTo`` links.
- ``display_codes(codes)``: the short codes a person reads (``3.NF.A.1``), each statement once,
  from the many spellings stored for matching.
"""

from __future__ import annotations

import re

_ASN_ID = re.compile(
    r"(?:asn\.jesandco\.org|asn\.desire2learn\.com|purl\.org/ASN)/resources/([SD][0-9A-F]{7,8})\b",
    re.I,
)
_CORESTANDARDS = re.compile(r"^https?://(?:www\.)?(?:the)?corestandards\.org/", re.I)
_HS_CATEGORIES = {"hsn": "n", "hsa": "a", "hsf": "f", "hsg": "g", "hss": "s", "hsm": "m"}


def normal(code: str) -> str:
    value = (code or "").strip().lower()
    if value.startswith("https://"):
        value = "http://" + value[len("https://") :]
    return value[:1000]


def asn_id(uri: str) -> str:
    match = _ASN_ID.search(uri or "")
    return match.group(1).upper() if match else ""


def _split_tokens(rest: str) -> list[str]:
    tokens: list[str] = []
    for token in re.split(r"[.\-/ ]+", rest):
        if not token:
            continue
        number_letter = re.fullmatch(r"(\d+)([a-z])", token)
        practice = re.fullmatch(r"(mp)(\d+)", token)
        if number_letter:
            tokens += [number_letter.group(1), number_letter.group(2)]
        elif practice:
            tokens += [practice.group(1), practice.group(2)]
        else:
            tokens.append(token)
    return tokens


def _math_tokens(tokens: list[str]) -> list[str]:
    tokens = [_HS_CATEGORIES.get(t, t) for t in tokens]
    # The cluster letter (the "A" of 3.NF.A.1, HSG-C.A.1) is the third token, between the
    # domain and a standard number; ASN notation leaves it out, so the key does too.
    if len(tokens) >= 4 and len(tokens[2]) == 1 and tokens[2].isalpha() and tokens[3].isdigit():
        tokens = tokens[:2] + tokens[3:]
    return tokens


def _ela_tokens(tokens: list[str]) -> list[str]:
    # ASN writes the anchor standards "R.CCR.1"; the official notation is "CCRA.R.1".
    if len(tokens) >= 3 and tokens[1] == "ccr":
        return ["ccra", tokens[0], *tokens[2:]]
    return tokens


def ccss_key(code: str, subject: str = "") -> str:
    """The canonical Common Core key of ``code`` ("" when it is not recognisably CCSS).

    ``subject`` ("math" / "ela") is needed for bare codes that do not say it themselves.
    """
    value = _CORESTANDARDS.sub("", (code or "").strip()).replace("/", ".").lower()
    if not value:
        return ""
    for prefix in ("ccss.", "2010."):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if value.startswith("math."):
        subject, value = "math", value[len("math.") :]
        for prefix in ("content.", "practice."):
            if value.startswith(prefix):
                value = value[len(prefix) :]
    elif value.startswith(("ela-literacy.", "literacy.")):
        subject, value = "ela", value.split(".", 1)[1]
    elif not subject or "://" in value:
        return ""
    tokens = _split_tokens(value)
    if not tokens:
        return ""
    tokens = _math_tokens(tokens) if subject == "math" else _ela_tokens(tokens)
    return f"{subject}:" + ".".join(tokens)


def item_codes(
    identifier: str, uri: str, human: str, ccss_subject: str = ""
) -> list[tuple[str, str]]:
    """Every (kind, code) an item is looked up by, from its own fields."""
    codes: set[tuple[str, str]] = {("identifier", normal(identifier))}
    if uri:
        codes.add(("uri", normal(uri)))
    if human:
        codes.add(("human", normal(human)))
    for value in (identifier, uri):
        found = asn_id(value)
        if found:
            codes.add(("asn", found.lower()))
    if ccss_subject:
        for value in (human, identifier, uri):
            key = ccss_key(value, ccss_subject) if value else ""
            if key:
                codes.add(("ccss_key", key))
                break
    return sorted(codes)


def lookup_keys(code_or_id: str) -> list[str]:
    """Codes to try, best first, for a user's or a harvester's reference."""
    keys = [normal(code_or_id)]
    found = asn_id(code_or_id)
    if found:
        keys.append(found.lower())
    if re.fullmatch(r"[SD][0-9A-F]{7,8}", (code_or_id or "").strip(), re.I):
        keys.append(code_or_id.strip().lower())
    for subject in ("math", "ela"):
        key = ccss_key(code_or_id, subject)
        if key and key not in keys:
            keys.append(key)
    return keys


_DOT_PREFIX = re.compile(r"^CCSS\.(?:Math\.Content|Math\.Practice|ELA-Literacy)\.", re.I)


def short_code(human: str) -> str:
    """``3.NF.A.1`` from ``CCSS.Math.Content.3.NF.A.1`` ("" when there is no prefix to drop)."""
    stripped = _DOT_PREFIX.sub("", human or "")
    return stripped if stripped != human else ""


_GUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_BARE_ASN_ID = re.compile(r"^[SD][0-9A-F]{7,8}$", re.I)


def _is_human_code(code: str) -> bool:
    """Not a URI or key (``http://…``, ``math:3.nf.1``), GUID, ASN id or prefixed identifier."""
    return bool(
        code
        and ":" not in code
        and not _GUID.match(code)
        and not _BARE_ASN_ID.match(code)
        and not code.upper().startswith("CCSS.")
    )


def display_codes(codes: list[str], limit: int | None = 6) -> list[str]:
    """The standard codes a person reads on a result, from the many spellings the index holds
    for matching (URIs, GUIDs, ASN ids, ``ccss_key`` keys, lower-case codes, prefixed
    identifiers, the same statement with and without its cluster letter): short human codes,
    each statement once, as the framework writes them (``3.NF.A.1``, not ``3.nf.a.1``,
    ``3.NF.1``, ``math:3.nf.1`` or a URI)."""
    candidates = [c for c in (code.strip() for code in codes) if _is_human_code(c)]
    chosen: dict[str, str] = {}
    for code in sorted(candidates, key=lambda c: (c != c.upper() and c == c.lower(), c)):
        key = code.casefold()
        if key not in chosen:
            chosen[key] = code
    # 3.NF.1 is 3.NF.A.1 written without its cluster letter: keep the full one.
    shortened = {_without_cluster(c).casefold() for c in chosen.values() if _without_cluster(c)}
    shown = [c for c in chosen.values() if c.casefold() not in shortened]
    return sorted(shown, key=_natural)[:limit]


def _without_cluster(code: str) -> str:
    """``3.NF.1`` for ``3.NF.A.1`` and ``3.NF.2.a`` for ``3.NF.A.2.a`` (grade, domain, cluster
    letter, standard, part); "" when the code has no cluster letter."""
    parts = code.split(".")
    for i in range(2, len(parts) - 1):
        cluster = parts[i]
        if len(cluster) == 1 and cluster.isalpha() and cluster.isupper() and parts[i + 1].isdigit():
            return ".".join(parts[:i] + parts[i + 1 :])
    return ""


def _natural(code: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]
