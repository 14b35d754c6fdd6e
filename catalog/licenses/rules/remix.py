"""Remix compatibility: which licenses may an adaptation combining some sources carry, and a
collection keeping them separate, with a reason for each refusal.

``_candidate_ok(candidate, source)`` is the one per-(license, source) rule; everything else here
combines its answers in polynomial work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .terms import STANDARD_TERMS, LicenseTerms

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
            out.append(replace(t, label=""))
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
