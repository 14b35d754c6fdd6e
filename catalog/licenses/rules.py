"""License rules as pure functions (no database): open or not, bucket, remix compatibility,
attribution.

Every function takes License model instances or ``LicenseTerms`` (what a rule needs to know of
a license, copied from the record), so search, pages and tests can call them without queries.

- ``is_open(license, definition=None)``: the OER definition is ``settings.OER_OPEN_DEFINITION``
  (``reuse-adapt`` default, ``by-only`` = the US Department of Education's, ``no-nc``).
- ``bucket(license)``: ``remix-and-share`` / ``share-only`` / ``read-only``, how teachers think.
- ``compatibility(sources)``: which licenses may an adaptation combining the sources carry, and
  a collection keeping them separate, with a reason for each refusal.
- ``attribution(work, adapted_from=...)``: TASL text, HTML and schema.org JSON-LD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import escape

from catalog import vocabulary

REMIX_AND_SHARE = "remix-and-share"
SHARE_ONLY = "share-only"
READ_ONLY = "read-only"
BUCKETS = {
    REMIX_AND_SHARE: "Remix and share: you may copy, share and adapt it (follow its terms)",
    SHARE_ONLY: "Share only: you may copy and share it unchanged, not adapt it",
    READ_ONLY: "Read only: use it as published; ask the owner before copying or adapting",
}

REUSE_ADAPT = "reuse-adapt"
BY_ONLY = "by-only"
NO_NC = "no-nc"
OPEN_DEFINITIONS = {
    REUSE_ADAPT: "allows reuse, redistribution and adaptation (not ND, not all rights reserved)",
    BY_ONLY: "CC BY or more permissive (US Department of Education)",
    NO_NC: "allows reuse, redistribution and adaptation, including commercial use",
}

# Legacy or narrow CC tools that do not grant general reuse and adaptation.
_NARROW_CC_CODES = {"sampling", "sampling+", "nc-sampling+", "devnations"}
_CLOSED_FAMILIES = {"arr", "custom"}
# CC declared BY-SA 4.0 one-way compatible with GPLv3 (2015).
_SA_COMPATIBLE = {"CC-BY-SA-4.0": ("GPL-3.0-only", "GPL-3.0-or-later")}
CC4 = (
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
)


@dataclass(frozen=True)
class LicenseTerms:
    """What the rules need to know of a license."""

    key: str
    name: str
    family: str
    code: str = ""
    version: str = ""
    requires_attribution: bool = True
    share_alike: bool = False
    non_commercial: bool = False
    no_derivatives: bool = False
    public_domain: bool = False
    uri: str = ""
    label: str = ""  # how the caller named this source (a title or the string given)

    @classmethod
    def of(cls, lic, label: str = "") -> LicenseTerms:
        if isinstance(lic, LicenseTerms):
            return lic if not label else _replace(lic, label=label)
        return cls(
            key=lic.key,
            name=lic.short_name or lic.title,
            family=lic.family,
            code=lic.code,
            version=lic.version,
            requires_attribution=lic.requires_attribution,
            share_alike=lic.share_alike,
            non_commercial=lic.non_commercial,
            no_derivatives=lic.no_derivatives,
            public_domain=lic.public_domain,
            uri=lic.uri or lic.deed_url,
            label=label,
        )

    @property
    def closed(self) -> bool:
        return self.family in _CLOSED_FAMILIES or self.code in _NARROW_CC_CODES

    @property
    def version_unknown(self) -> bool:
        return self.family == "cc" and not self.version

    @property
    def who(self) -> str:
        return (
            f"“{self.label}” ({self.name})" if self.label and self.label != self.name else self.name
        )


def _replace(terms: LicenseTerms, **changes) -> LicenseTerms:
    from dataclasses import replace

    return replace(terms, **changes)


# --- open / bucket ----------------------------------------------------------------------------


def is_open(license, definition: str | None = None) -> bool:
    """Whether a license counts as open under ``definition`` (default: the setting)."""
    if license is None:
        return False
    if definition is None:
        from django.conf import settings

        definition = getattr(settings, "OER_OPEN_DEFINITION", REUSE_ADAPT)
    if definition not in OPEN_DEFINITIONS:
        raise ValueError(
            f"unknown OER open definition {definition!r}; choose from {sorted(OPEN_DEFINITIONS)}"
        )
    t = LicenseTerms.of(license)
    if t.public_domain:
        return True
    if t.closed or t.no_derivatives:
        return False
    if definition == BY_ONLY:
        return not t.non_commercial and not t.share_alike
    if definition == NO_NC:
        return not t.non_commercial
    return True


def bucket(license) -> str:
    """``remix-and-share``, ``share-only`` or ``read-only`` (no license: read-only)."""
    if license is None:
        return READ_ONLY
    t = LicenseTerms.of(license)
    if t.public_domain:
        return REMIX_AND_SHARE
    if t.closed:
        return READ_ONLY
    return SHARE_ONLY if t.no_derivatives else REMIX_AND_SHARE


# --- compatibility ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    allowed: tuple[str, ...]  # registry keys, most permissive first
    reasons: tuple[str, ...]  # refusals and notes, one line each
    drop: tuple[str, ...] = ()  # sources whose removal would make it possible

    @property
    def ok(self) -> bool:
        return bool(self.allowed)


@dataclass(frozen=True)
class Compatibility:
    sources: tuple[LicenseTerms, ...]
    adaptation: Verdict
    collection: Verdict

    def as_dict(self) -> dict:
        def v(x: Verdict) -> dict:
            return {"allowed": list(x.allowed), "reasons": list(x.reasons), "drop": list(x.drop)}

        return {
            "sources": [s.key for s in self.sources],
            "adaptation": v(self.adaptation),
            "collection": v(self.collection),
        }


def _version_tuple(v: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in v.split("."))
    except ValueError:
        return (0,)


def _candidate_ok(candidate: LicenseTerms, source: LicenseTerms) -> str | None:
    """None if an adaptation of ``source`` may carry ``candidate``, else why not."""
    if source.public_domain:
        return None
    if source.closed:
        return f"{source.who} does not allow adaptations without permission"
    if source.no_derivatives:
        return f"{source.who} forbids adaptations (NoDerivatives): share it unchanged or link to it"
    if candidate.public_domain:
        return f"{source.who} requires attribution, so the adaptation cannot be public domain"
    if source.share_alike:
        if source.key in _SA_COMPATIBLE and candidate.key in _SA_COMPATIBLE[source.key]:
            return None
        if source.family != "cc":
            if candidate.key != source.key:
                return f"{source.who} is copyleft: the adaptation must carry {source.key}"
            return None
        if source.version_unknown:
            return (
                f"{source.who}: version unknown, so which ShareAlike licenses it accepts is unknown"
            )
        if candidate.family != "cc" or candidate.code != source.code:
            code = source.code.upper()
            return f"{source.who} is ShareAlike: the adaptation must carry a CC {code} licence"
        if _version_tuple(source.version) < (2, 0):
            if candidate.key != source.key:
                return f"{source.who} (1.0) allows only the same license, not later versions"
            return None
        if _version_tuple(candidate.version) < _version_tuple(source.version):
            need = source.version
            return f"{source.who} is ShareAlike: the adaptation needs version {need} or later"
        return None
    if source.non_commercial and not candidate.non_commercial:
        return f"{source.who} is NonCommercial: the adaptation must be NonCommercial too"
    if (
        candidate.family not in ("cc", "cc0", "pdm")
        and candidate.share_alike
        and source.non_commercial
    ):
        return f"{source.who} is NonCommercial, {candidate.name} allows commercial use"
    return None


def _universe(
    sources: Sequence[LicenseTerms], catalog: dict[str, LicenseTerms]
) -> list[LicenseTerms]:
    keys = list(CC4)
    if all(s.public_domain for s in sources):
        keys.insert(0, "CC0-1.0")
    for s in sources:
        if not s.public_domain and not s.version_unknown:
            keys.append(s.key)
        keys += list(_SA_COMPATIBLE.get(s.key, ()))
    seen, out = set(), []
    for key in keys:
        src = next((s for s in sources if s.key == key), None)
        t = catalog.get(key) or src
        if t is not None and key not in seen:
            seen.add(key)
            out.append(_replace(t, label=""))
    return out


def _adaptation(sources: Sequence[LicenseTerms], catalog: dict[str, LicenseTerms]) -> Verdict:
    candidates = _universe(sources, catalog)
    allowed, refusals = [], {}
    for c in candidates:
        why = [w for s in sources if (w := _candidate_ok(c, s))]
        if why:
            refusals[c.key] = why
        else:
            allowed.append(c.key)
    notes = []
    for s in sources:
        if s.family == "cc" and not s.share_alike and not s.no_derivatives and s.version:
            notes.append(f"Credit {s.who} under its own licence, {s.name}, in your attribution.")
        if s.version_unknown and not s.share_alike:
            notes.append(f"{s.who}: version unknown; check the source before publishing")
    if allowed:
        return Verdict(tuple(allowed), tuple(notes))
    blocking = []
    for s in sources:
        for c in candidates:
            w = _candidate_ok(c, s)
            if w and w not in blocking and (s.closed or s.no_derivatives or s.version_unknown):
                blocking.append(w)
    if not blocking:
        blocking = _pair_conflicts(sources)
    drop = tuple(
        s.label or s.key
        for i, s in enumerate(sources)
        if len(sources) > 1
        and _adaptation_possible([x for j, x in enumerate(sources) if j != i], catalog)
    )
    if drop:
        blocking.append(
            "leave out " + " or ".join(f"“{d}”" for d in drop) + " to make the adaptation possible"
        )
    return Verdict((), tuple(blocking + notes), drop)


def _adaptation_possible(sources: Sequence[LicenseTerms], catalog: dict[str, LicenseTerms]) -> bool:
    return any(all(not _candidate_ok(c, s) for s in sources) for c in _universe(sources, catalog))


def refusing_sources(
    sources: Sequence, catalog: dict[str, LicenseTerms] | None = None
) -> dict[str, tuple[int, ...]]:
    """For each license an adaptation of some of ``sources`` could carry, the indexes of the
    sources that refuse it.

    Dropping exactly those sources lets the rest be adapted under that license (and no smaller
    set does, for that license), so the smallest sets of sources to drop are the smallest of
    these: |candidates| x |sources| rule evaluations instead of a search over subsets. Licenses
    that only the dropped sources would have brought in, or that every source refuses, are left
    out.
    """
    terms = tuple(LicenseTerms.of(s) for s in sources)
    catalog = {**STANDARD_TERMS, **(catalog or {})}
    candidates = _universe(terms, catalog)
    if "CC0-1.0" in catalog and all(c.key != "CC0-1.0" for c in candidates):
        candidates.append(catalog["CC0-1.0"])  # offered once only public-domain sources remain
    out: dict[str, tuple[int, ...]] = {}
    for c in candidates:
        refusing = tuple(i for i, s in enumerate(terms) if _candidate_ok(c, s))
        dropped = set(refusing)
        rest = [s for i, s in enumerate(terms) if i not in dropped]
        if rest and any(u.key == c.key for u in _universe(rest, catalog)):
            out[c.key] = refusing
    return out


def _commercial_conflict(share_alike: LicenseTerms, non_commercial: LicenseTerms) -> str:
    return (
        f"{share_alike.who} can't be combined with {non_commercial.who} because the first "
        "requires commercial use to stay allowed and the second forbids it"
    )


def _pair_conflicts(sources: Sequence[LicenseTerms]) -> list[str]:
    """Why no licence fits, pair by pair, in plain words. Two sources under the same licence
    never conflict with each other."""
    out = []
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            if a.key == b.key:
                continue
            if a.share_alike and b.share_alike and (a.code, a.family) != (b.code, b.family):
                out.append(
                    f"{a.who} and {b.who} can't be combined because each is ShareAlike with "
                    "different terms, and each requires the combined work to keep its own terms"
                )
            elif a.share_alike and not a.non_commercial and b.non_commercial:
                out.append(_commercial_conflict(a, b))
            elif b.share_alike and not b.non_commercial and a.non_commercial:
                out.append(_commercial_conflict(b, a))
            elif a.share_alike and b.share_alike:
                out.append(
                    f"{a.who} and {b.who} can't be combined because no single version of "
                    "their ShareAlike licence satisfies both"
                )
    return out or ["no licence respects the conditions of every source"]


def _collection(sources: Sequence[LicenseTerms], catalog: dict[str, LicenseTerms]) -> Verdict:
    reasons, blocked = [], []
    for s in sources:
        if s.closed:
            blocked.append(s)
            reasons.append(f"{s.who} may not be redistributed without permission")
    if blocked:
        drop = tuple(s.label or s.key for s in blocked)
        return Verdict((), tuple(reasons), drop)
    nc = [s for s in sources if s.non_commercial]
    keys = (["CC0-1.0"] if all(s.public_domain for s in sources) else []) + [
        k for k in CC4 if not nc or "-NC" in k
    ]
    allowed = tuple(k for k in keys if k in catalog or not catalog)
    notes = [
        "each work keeps its own license inside the collection; "
        "the collection's license covers the selection and arrangement"
    ]
    notes += [f"{s.who} is NonCommercial: the collection may not be used commercially" for s in nc]
    notes += [
        f"{s.who} is NoDerivatives: include it unchanged" for s in sources if s.no_derivatives
    ]
    return Verdict(allowed, tuple(notes))


def compatibility(
    sources: Sequence, catalog: dict[str, LicenseTerms] | None = None
) -> Compatibility:
    """Which licenses may an adaptation / a collection of ``sources`` carry, and why not.

    ``catalog`` maps keys to LicenseTerms for the candidate licenses (CC 4.0, CC0, GPL-3.0);
    by default the built-in ``STANDARD_TERMS`` are used, so no database is needed.
    """
    terms = tuple(LicenseTerms.of(s) for s in sources)
    if not terms:
        raise ValueError("compatibility needs at least one source license")
    catalog = {**STANDARD_TERMS, **(catalog or {})}
    return Compatibility(terms, _adaptation(terms, catalog), _collection(terms, catalog))


def _cc4(key: str, name: str, code: str) -> LicenseTerms:
    parts = code.split("-")
    return LicenseTerms(
        key=key,
        name=name,
        family="cc",
        code=code,
        version="4.0",
        share_alike="sa" in parts,
        non_commercial="nc" in parts,
        no_derivatives="nd" in parts,
        uri=f"https://creativecommons.org/licenses/{code}/4.0/",
    )


STANDARD_TERMS: dict[str, LicenseTerms] = {
    t.key: t
    for t in [
        _cc4("CC-BY-4.0", "CC BY 4.0", "by"),
        _cc4("CC-BY-SA-4.0", "CC BY-SA 4.0", "by-sa"),
        _cc4("CC-BY-NC-4.0", "CC BY-NC 4.0", "by-nc"),
        _cc4("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0", "by-nc-sa"),
        _cc4("CC-BY-ND-4.0", "CC BY-ND 4.0", "by-nd"),
        _cc4("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0", "by-nc-nd"),
        LicenseTerms(
            key="CC0-1.0",
            name="CC0 1.0",
            family="cc0",
            code="cc0",
            version="1.0",
            requires_attribution=False,
            public_domain=True,
            uri="https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        LicenseTerms(
            key="GPL-3.0-only",
            name="GPL-3.0-only",
            family="free-software",
            share_alike=True,
            uri="https://www.gnu.org/licenses/gpl-3.0-standalone.html",
        ),
        LicenseTerms(
            key="GPL-3.0-or-later",
            name="GPL-3.0-or-later",
            family="free-software",
            share_alike=True,
            uri="https://www.gnu.org/licenses/gpl-3.0-standalone.html",
        ),
    ]  # fmt: skip
}


# --- attribution ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    """What TASL needs: title, author(s), source URL, license."""

    title: str
    authors: tuple[str, ...] = ()
    url: str = ""
    license: object = None  # License or LicenseTerms or None
    source: str = ""  # who publishes it (publisher, provider or the harvest source's name)
    source_url: str = ""  # the publisher's site

    @classmethod
    def from_material(cls, material) -> Work:
        """The work as the catalog shows it (curator overrides applied)."""
        authors = _shown(material, "authors") or []
        return cls(
            title=_shown(material, "title") or "",
            authors=tuple(a for a in authors if isinstance(a, str) and a.strip()),
            url=_shown(material, "url") or "",
            license=material.license,
            source=source_name(material),
            source_url=site_of(_shown(material, "url") or ""),
        )


def _shown(material, name: str):
    """A material's field as shown: ``effective`` applies curator overrides."""
    if hasattr(material, "effective"):
        return material.effective(name)
    return getattr(material, name, None)


def source_name(material) -> str:
    """Who a material comes from: its publisher, else its provider, else the name of the
    harvest source it came through."""
    for name in ("publisher", "provider"):
        value = _shown(material, name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return vocabulary.source_label(getattr(material, "source_key", "") or "")


def site_of(url: str) -> str:
    """The site a URL is on (scheme and host), for linking a work's source; "" when not web."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}/"
    return ""


@dataclass(frozen=True)
class Attribution:
    text: str
    html: str
    jsonld: dict = field(default_factory=dict)


def _license_parts(license) -> tuple[str, str]:
    if license is None:
        return "license unknown", ""
    t = LicenseTerms.of(license)
    if t.public_domain:
        return (f"{t.name}" if t.family != "public-domain" else "public domain"), t.uri
    return t.name, t.uri


def _tasl_text(work: Work) -> str:
    title = f'"{work.title}"' if work.title else "Untitled work"
    by = f" by {', '.join(work.authors)}" if work.authors else ""
    src = f" ({work.url})" if work.url else ""
    src += f", from {work.source}," if work.source else ""
    name, uri = _license_parts(work.license)
    if work.license is not None and LicenseTerms.of(work.license).public_domain:
        return f"{title}{by}{src} is in the public domain ({name})."
    return f"{title}{by}{src} is licensed under {name}" + (f" ({uri})." if uri else ".")


def _link(text: str, url: str) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noopener">{escape(text)}</a>'
    return escape(text)


def _tasl_html(work: Work) -> str:
    title = _link(work.title or "Untitled work", work.url)
    by = f" by {escape(', '.join(work.authors))}" if work.authors else ""
    by += f", from {_link(work.source, work.source_url)}," if work.source else ""
    name, uri = _license_parts(work.license)
    lic = _link(name, uri)
    if uri:
        lic = lic.replace('rel="noopener"', 'rel="license noopener"')
    if work.license is not None and LicenseTerms.of(work.license).public_domain:
        return f"{title}{by} is in the public domain ({lic})."
    return f"{title}{by} is licensed under {lic}."


def _jsonld(work: Work) -> dict:
    _, uri = _license_parts(work.license)
    out: dict = {"@type": "CreativeWork", "name": work.title}
    if work.url:
        out["url"] = work.url
    if work.authors:
        out["author"] = [{"@type": "Person", "name": a} for a in work.authors]
    if work.source:
        out["publisher"] = {"@type": "Organization", "name": work.source}
    if uri:
        out["license"] = uri
    return out


def attribution(work: Work, adapted_from: Sequence[Work] = (), changes: str = "") -> Attribution:
    """TASL attribution for a work, or for a derivative of ``adapted_from`` with a change note."""
    if not adapted_from:
        jsonld = {"@context": "https://schema.org", **_jsonld(work)}
        return Attribution(_tasl_text(work), _tasl_html(work), jsonld)
    note = changes.strip() or "Changes were made"
    text_lines = [_tasl_text(work), "Adapted from:"] + [f"- {_tasl_text(s)}" for s in adapted_from]
    text_lines.append(f"{note.rstrip('.')}.")
    html = (
        f"<p>{_tasl_html(work)}</p><p>Adapted from:</p><ul>"
        + "".join(f"<li>{_tasl_html(s)}</li>" for s in adapted_from)
        + f"</ul><p>{escape(note.rstrip('.'))}.</p>"
    )
    jsonld = {
        "@context": "https://schema.org",
        **_jsonld(work),
        "isBasedOn": [_jsonld(s) for s in adapted_from],
        "description": note,
    }
    return Attribution("\n".join(text_lines), html, jsonld)
