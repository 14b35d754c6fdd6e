"""The teachers app's one door to license rules: may this be adapted, which licenses may an
adaptation or remix of these sources carry (closest first), why not, and the attribution text.

The license registry's rules module (``catalog.licenses.rules``) is the only authority: a bug in
a rule fails loudly instead of being papered over by a second reading of the flags. This module
adds what the teachers' pages need on top: plain-words requirements, the closest-first order,
the registry's own licenses as targets, and which sources to drop when nothing fits.

Targets are never ND or all-rights-reserved: what a teacher adapts here stays adaptable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from catalog.licenses import rules
from catalog.licenses.models import License, LicenseFamily

# The most sources one remix check accepts (the /remix/ page answers 400 beyond it): the answer
# is polynomial in the number of sources, the cap bounds a request's work and page size.
MAX_SOURCES = 20

PD, BY, BY_NC, BY_SA, BY_NC_SA, SAME, ND, ARR, UNKNOWN = (
    "pd",
    "by",
    "by-nc",
    "by-sa",
    "by-nc-sa",
    "same",
    "nd",
    "arr",
    "unknown",
)
BLOCKED = (ND, ARR, UNKNOWN)
_PD_FAMILIES = (LicenseFamily.CC0, LicenseFamily.PDM, LicenseFamily.PUBLIC_DOMAIN)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class AdaptDecision:
    """May one material be adapted? ``reason`` is a plain-words sentence for the page."""

    allowed: bool
    reason: str


@dataclass(frozen=True)
class LicenseChoice:
    """Which licenses an adaptation of these sources may carry.

    ``allowed`` is ordered closest-to-the-sources first; ``preselected`` is its head.
    When nothing is allowed, ``explanation`` says why and ``drop`` lists the options: each a
    tuple of source indexes which, dropped together, let the rest be combined.
    """

    allowed: tuple[License, ...]
    explanation: str
    requirements: tuple[str, ...] = ()
    drop: tuple[tuple[int, ...], ...] = ()
    blocked: tuple[int, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return bool(self.allowed)

    @property
    def preselected(self) -> License | None:
        return self.allowed[0] if self.allowed else None


# --------------------------------------------------------------------------- the rules


def kind(lic: License | None) -> str:
    """The adaptation class of a license (one of the constants above): which plain-words
    requirement describes it and how far apart two licenses are, never whether a rule holds."""
    if lic is None:
        return UNKNOWN
    if lic.family == LicenseFamily.ALL_RIGHTS_RESERVED:
        return ARR
    if lic.no_derivatives:
        return ND
    if lic.public_domain or lic.family in _PD_FAMILIES:
        return PD
    if lic.family == LicenseFamily.CC:
        if lic.share_alike:
            return BY_NC_SA if lic.non_commercial else BY_SA
        return BY_NC if lic.non_commercial else BY
    return SAME


def _version(lic: License) -> float:
    try:
        return float(lic.version)
    except (TypeError, ValueError):
        return 0.0


def _name(lic: License | None) -> str:
    if lic is None:
        return "an unidentified license"
    return lic.short_name or lic.title or lic.key


def requirement(lic: License | None) -> str:
    """What a license asks of an adaptation, in plain words."""
    k = kind(lic)
    name = _name(lic)
    return {
        PD: f"{name} puts no conditions on adaptations.",
        BY: f"{name} asks only for credit: the adaptation may carry any Creative Commons license.",
        BY_NC: f"{name} is NonCommercial: the adaptation must keep the NonCommercial condition.",
        BY_SA: (
            f"{name} is ShareAlike: the adaptation must carry CC BY-SA {lic.version or ''} "
            "or a later version, and may not add NonCommercial."
        ).replace("  ", " ")
        if lic
        else "",
        BY_NC_SA: (
            f"{name} is NonCommercial-ShareAlike: the adaptation must carry CC BY-NC-SA "
            f"{lic.version or ''} or a later version."
        ).replace("  ", " ")
        if lic
        else "",
        SAME: f"{name} allows adaptations only under the same license.",
        ND: (
            f"{name} is a NoDerivatives license: the material may be shared as it is, "
            "but not changed, customized or remixed."
        ),
        ARR: (
            "All rights are reserved: the material may not be changed without the permission "
            "of its rights holder."
        ),
        UNKNOWN: (
            "We could not identify the license of this material, so we cannot tell you that "
            "changing it is allowed."
        ),
    }[k]


def blocked(lic: License | None) -> bool:
    """True when a material under ``lic`` may not be adapted at all (unknown license: blocked)."""
    return lic is None or rules.bucket(lic) != rules.REMIX_AND_SHARE


def adaptation_decision(lic: License | None) -> AdaptDecision:
    """May a material under ``lic`` be customized? With the reason in plain words."""
    if blocked(lic):
        reason = requirement(lic)
        if kind(lic) not in BLOCKED:  # the registry is stricter than our reading (custom terms)
            reason = (
                f"The terms of {_name(lic)} do not allow changing the material without the "
                "permission of its rights holder."
            )
        return AdaptDecision(False, reason)
    return AdaptDecision(True, requirement(lic))


def _distance(source: License | None, target: License) -> float:
    """How far a target is from a source: added or dropped conditions weigh most."""
    if source is None or target.pk == source.pk:
        return 0.0
    sk, tk = kind(source), kind(target)
    d = 0.0
    d += 4 * ((sk == PD) != (tk == PD))
    d += 4 * (bool(source.share_alike) != bool(target.share_alike))
    d += 4 * (bool(source.non_commercial) != bool(target.non_commercial))
    d += 8 * (source.family != target.family and not (sk == PD and tk == PD))
    d += abs(_version(target) - _version(source)) / 10
    d += 0.5 * (source.jurisdiction != target.jurisdiction)
    return d


def _closest_first(licenses: Sequence[License | None], allowed: Sequence[License]) -> list:
    return sorted(
        allowed,
        key=lambda t: (sum(_distance(s, t) for s in licenses), -_version(t), t.short_name),
    )


def _software(licenses: Sequence[License | None]) -> bool:
    """Whether a source is under a software (or software documentation) licence."""
    return any(lic is not None and lic.family == LicenseFamily.FREE_SOFTWARE for lic in licenses)


def _registry(keys, sources: Sequence[License | None]) -> dict[str, License]:
    """The registry's licenses for these keys that an adaptation may carry: never ND or all
    rights reserved, and a software licence (GPL, GFDL) only when a source already carries
    one: a lesson is not software, even where CC BY-SA 4.0 would permit GPLv3."""
    software_ok = _software(sources)
    return {
        lic.key: lic
        for lic in License.objects.filter(key__in=list(keys))
        if not blocked(lic) and (software_ok or lic.family != LicenseFamily.FREE_SOFTWARE)
    }


def _allowed(licenses: Sequence[License], labels: Sequence[str]):
    """The registry's ``compatibility``, kept to targets that exist here and stay adaptable."""
    terms = [
        rules.LicenseTerms.of(lic, label=label) for lic, label in zip(licenses, labels, strict=True)
    ]
    verdict = rules.compatibility(terms).adaptation
    by_key = _registry(verdict.allowed, licenses)
    allowed = [by_key[k] for k in verdict.allowed if k in by_key]
    reasons = [r for r in verdict.reasons if not r.startswith("leave out ")]
    return allowed, reasons


def _smallest_drops(licenses: Sequence[License]) -> tuple[tuple[int, ...], ...]:
    """Every smallest set of sources whose removal lets the rest be adapted together, in
    lexicographic order: for each target the registry offers, the sources refusing it."""
    refusing = rules.refusing_sources(licenses)
    usable = _registry(refusing, licenses)

    def offered(key: str, drop: tuple[int, ...]) -> bool:
        kept = [lic for i, lic in enumerate(licenses) if i not in drop]
        return usable[key].family != LicenseFamily.FREE_SOFTWARE or _software(kept)

    options = [
        drop for key, drop in refusing.items() if key in usable and drop and offered(key, drop)
    ]
    if not options:
        return ()
    size = min(len(drop) for drop in options)
    return tuple(sorted({drop for drop in options if len(drop) == size}))


def license_choice(
    licenses: Sequence[License | None], labels: Sequence[str] | None = None
) -> LicenseChoice:
    """Which licenses an adaptation of works under ``licenses`` may carry (closest first), or
    why none may and which source(s) to drop. ``labels`` name the sources in explanations."""
    licenses = list(licenses)
    labels = list(labels or [_name(lic) for lic in licenses])
    requirements = tuple(requirement(lic) for lic in licenses)
    stopped = tuple(i for i, lic in enumerate(licenses) if blocked(lic))
    if stopped:
        rest = [i for i in range(len(licenses)) if i not in stopped]
        possible = bool(rest) and bool(
            _allowed([licenses[i] for i in rest], [labels[i] for i in rest])[0]
        )
        return LicenseChoice(
            (),
            "A source that may not be changed cannot be part of an adaptation.",
            requirements,
            (stopped,) if possible else (),
            stopped,
        )
    allowed, reasons = _allowed(licenses, labels)
    if allowed:
        return LicenseChoice(
            tuple(_closest_first(licenses, allowed)),
            " ".join(["These licenses respect every source's conditions.", *reasons]),
            requirements,
        )
    explanation = " ".join(r[0].upper() + r[1:] + ("" if r.endswith(".") else ".") for r in reasons)
    return LicenseChoice(
        (),
        explanation or "No license satisfies the conditions of all these sources together.",
        requirements,
        _smallest_drops(licenses),
    )


# --------------------------------------------------------------------------- attribution


def _author_name(user) -> str:
    profile = getattr(user, "teacher_profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Credit:
    """An attribution: plain text, safe HTML, and schema.org JSON-LD."""

    text: str
    html: str
    jsonld: dict


def _work(title: str, authors: Sequence[str], url: str, lic) -> rules.Work:
    return rules.Work(title=title, authors=tuple(a for a in authors if a), url=url, license=lic)


def material_credit(material) -> Credit:
    """TASL attribution of one material: title, author(s), source (publisher) and license."""
    a = rules.attribution(rules.Work.from_material(material))
    return Credit(a.text, a.html, {k: v for k, v in a.jsonld.items() if k != "@context"})


def modification_notice(adaptation) -> str:
    """The notice that the sources were changed, by whom, how, and under which license."""
    who = _author_name(adaptation.owner)
    verb = "a remix of" if adaptation.kind == "remix" else "adapted from"
    changes = (adaptation.changes_summary or "").strip() or "edited for classroom use"
    lic = f" It is licensed under {_name(adaptation.license)}." if adaptation.license else ""
    return (
        f"“{adaptation.title}” is {verb} the work(s) credited above, by {who}. "
        f"Changes: {changes.rstrip('.')}.{lic}"
    )


def adaptation_credit(adaptation, url: str, sources: Sequence) -> Credit:
    """Attribution of an adaptation: the adaptation itself, every source, the change note."""
    based = [rules.Work.from_material(m) for m in sources]
    a = rules.attribution(
        _work(adaptation.title, [_author_name(adaptation.owner)], url, adaptation.license),
        adapted_from=based,
        changes=modification_notice(adaptation),
    )
    return Credit(a.text, a.html, a.jsonld)
