"""The teachers app's one door to license rules: may this be adapted, which licenses may an
adaptation or remix of these sources carry (closest first), why not, and the attribution text.

The license registry's own rules module (``catalog.licenses.rules``, issue 3) is the authority.
This adapter looks it up at call time and delegates to it where it offers a function with a
known shape; otherwise it applies its own reading of the License flags (Creative Commons
adaptation rules):

* public domain / CC0 / PDM: anything goes;
* BY: any CC license may be put on the adaptation;
* BY-NC: the adaptation must keep NonCommercial (BY-NC or BY-NC-SA);
* BY-SA v: BY-SA of version v or later (CC's "later version, same elements"), never NC;
* BY-NC-SA v: BY-NC-SA of version v or later;
* ND or all rights reserved: no adaptation at all; unknown license: we cannot say it is allowed;
* other licenses (GNU FDL, custom terms) that allow derivatives: only the same license.

Targets are never ND or all-rights-reserved: what a teacher adapts here stays adaptable.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.utils.html import format_html

from catalog.licenses.models import License, LicenseFamily

RULES_MODULE = "catalog.licenses.rules"

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
_TARGET_CODES = ("by", "by-sa", "by-nc", "by-nc-sa")


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


# --------------------------------------------------------------------------- delegation


def _rules():
    """The registry's rules module, or None while it has not landed (or fails to import)."""
    try:
        return importlib.import_module(RULES_MODULE)
    except ImportError:
        return None


def _rules_attr(name: str):
    module = _rules()
    return getattr(module, name, None) if module is not None else None


def wiring() -> dict[str, str]:
    """Which rule answers each question right now: the registry's function or "fallback"."""
    return {
        "may adapt": "catalog.licenses.rules.bucket" if _rules_attr("bucket") else "fallback",
        "allowed licenses / clash": "catalog.licenses.rules.compatibility"
        if _rules_attr("compatibility")
        else "fallback",
        "attribution": "catalog.licenses.rules.attribution"
        if _rules_attr("attribution") and _rules_attr("Work")
        else "fallback",
    }


# --------------------------------------------------------------------------- the rules


def kind(lic: License | None) -> str:
    """The adaptation class of a license (one of the constants above)."""
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


def target_permitted(source: License | None, target: License) -> bool:
    """May an adaptation of a work under ``source`` be licensed under ``target``?"""
    src, tgt = kind(source), kind(target)
    if src in BLOCKED or tgt in BLOCKED:
        return False
    if src == PD:
        return True
    if src == SAME:
        return target.pk == source.pk
    if tgt in (PD, SAME):
        return False  # attribution cannot be waived on someone else's work
    if src == BY:
        return True
    if src == BY_NC:
        return tgt in (BY_NC, BY_NC_SA)
    if src == BY_SA:
        return tgt == BY_SA and (_version(target) >= _version(source) or target.pk == source.pk)
    if src == BY_NC_SA:
        return tgt == BY_NC_SA and (_version(target) >= _version(source) or target.pk == source.pk)
    return False


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
    """True when a material under ``lic`` may not be adapted at all."""
    bucket = _rules_attr("bucket")
    if bucket is not None and lic is not None:
        try:
            return bucket(lic) != getattr(_rules(), "REMIX_AND_SHARE", "remix-and-share")
        except Exception:  # noqa: BLE001 - a registry bug must not break the page: fall back
            pass
    return kind(lic) in BLOCKED


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


def candidate_targets(sources: Sequence[License | None]) -> list[License]:
    """Fallback: licenses worth offering: the newest unported version of each adaptable CC
    license, CC0, and the sources' own licenses (when adaptable)."""
    pool: dict[int, License] = {}
    newest: dict[str, License] = {}
    for lic in License.objects.filter(
        family=LicenseFamily.CC, code__in=_TARGET_CODES, jurisdiction="", no_derivatives=False
    ):
        best = newest.get(lic.code)
        if best is None or _version(lic) > _version(best):
            newest[lic.code] = lic
    pool.update({lic.pk: lic for lic in newest.values()})
    for lic in License.objects.filter(family=LicenseFamily.CC0)[:1]:
        pool[lic.pk] = lic
    for lic in sources:
        if lic is not None and kind(lic) not in BLOCKED:
            pool[lic.pk] = lic
    return list(pool.values())


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


def _fallback_oracle(licenses: Sequence[License | None]) -> tuple[list[License], list[str]]:
    candidates = candidate_targets(licenses)
    allowed = [t for t in candidates if all(target_permitted(s, t) for s in licenses)]
    if allowed or not licenses:
        return allowed, []
    if not candidates:
        return [], ["The license registry is empty, so no license can be offered yet."]
    return [], [
        "No license satisfies the conditions of all these sources together, so they cannot "
        "be combined."
    ]


def _rules_oracle(licenses: Sequence[License], labels: Sequence[str]):
    """Ask the registry's ``compatibility``; keep targets that exist and stay adaptable."""
    rules = _rules()
    terms = [
        rules.LicenseTerms.of(lic, label=label) for lic, label in zip(licenses, labels, strict=True)
    ]
    verdict = rules.compatibility(terms).adaptation
    by_key = {lic.key: lic for lic in License.objects.filter(key__in=list(verdict.allowed))}
    allowed = [by_key[k] for k in verdict.allowed if k in by_key and kind(by_key[k]) not in BLOCKED]
    reasons = [r for r in verdict.reasons if not r.startswith("drop ")]
    return allowed, reasons


def _oracle(licenses: Sequence[License | None], labels: Sequence[str]):
    if _rules_attr("compatibility") and _rules_attr("LicenseTerms") and None not in licenses:
        try:
            return _rules_oracle(licenses, labels)
        except Exception:  # noqa: BLE001 - a registry bug must not break the page: fall back
            pass
    return _fallback_oracle(licenses)


def license_choice(
    licenses: Sequence[License | None], labels: Sequence[str] | None = None
) -> LicenseChoice:
    """Which licenses an adaptation of works under ``licenses`` may carry (closest first), or
    why none may and which source(s) to drop. ``labels`` name the sources in explanations."""
    licenses = list(licenses)
    labels = list(labels or [_name(lic) for lic in licenses])
    requirements = tuple(requirement(lic) for lic in licenses)
    stopped = tuple(i for i, lic in enumerate(licenses) if blocked(lic))

    def possible(indexes: Sequence[int]) -> bool:
        rest = [i for i in indexes if i not in stopped]
        return bool(rest) and bool(
            _oracle([licenses[i] for i in rest], [labels[i] for i in rest])[0]
        )

    if stopped:
        rest = [i for i in range(len(licenses)) if i not in stopped]
        drop = (stopped,) if possible(rest) else ()
        return LicenseChoice(
            (),
            "A source that may not be changed cannot be part of an adaptation.",
            requirements,
            drop,
            stopped,
        )
    allowed, reasons = _oracle(licenses, labels)
    if allowed:
        return LicenseChoice(
            tuple(_closest_first(licenses, allowed)),
            " ".join(["These licenses respect every source's conditions.", *reasons]),
            requirements,
        )
    drop: list[tuple[int, ...]] = []
    for size in range(1, len(licenses)):
        for combo in combinations(range(len(licenses)), size):
            if possible([i for i in range(len(licenses)) if i not in combo]):
                drop.append(combo)
        if drop:
            break
    explanation = " ".join(r[0].upper() + r[1:] + ("" if r.endswith(".") else ".") for r in reasons)
    return LicenseChoice(
        (),
        explanation or "No license satisfies the conditions of all these sources together.",
        requirements,
        tuple(drop),
    )


# --------------------------------------------------------------------------- attribution


def _creator(material) -> str:
    authors = [a for a in (material.effective("authors") or []) if a]
    if authors:
        return ", ".join(authors)
    return material.effective("publisher") or material.effective("provider") or ""


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


def _fallback_credit(title, creator, url, lic) -> Credit:
    by = f" by {creator}" if creator else ""
    name = _name(lic) if lic else "an unknown license"
    lic_url = (lic.deed_url or lic.uri) if lic else ""
    if kind(lic) == PD:
        text = f"“{title}”{by} ({url}) is in the public domain ({name})."
        html = format_html(
            "{}{} is in the public domain ({}).", _a(title, url), by, _a(name, lic_url)
        )
    else:
        text = f"“{title}”{by} ({url}) is licensed under {name}."
        html = format_html("{}{} is licensed under {}.", _a(title, url), by, _a(name, lic_url))
    jsonld = {"@type": "CreativeWork", "name": title}
    if url:
        jsonld["url"] = url
    if creator:
        jsonld["author"] = [{"@type": "Person", "name": creator}]
    if lic_url:
        jsonld["license"] = lic_url
    return Credit(text.replace(" ()", ""), str(html), jsonld)


def _a(text: str, url: str):
    if url and url.lower().startswith(("http://", "https://", "/")):
        return format_html('<a href="{}">{}</a>', url, text)
    return text


def _work(title: str, authors: Sequence[str], url: str, lic):
    return _rules_attr("Work")(
        title=title, authors=tuple(a for a in authors if a), url=url, license=lic
    )


def material_credit(material) -> Credit:
    """TASL attribution of one material (title, author, source, license)."""
    title = material.effective("title")
    url = material.effective("url") or ""
    creator = _creator(material)
    if _rules_attr("attribution") and _rules_attr("Work"):
        try:
            a = _rules_attr("attribution")(_work(title, [creator], url, material.license))
            return Credit(a.text, a.html, {k: v for k, v in a.jsonld.items() if k != "@context"})
        except Exception:  # noqa: BLE001 - a registry bug must not break the page: fall back
            pass
    return _fallback_credit(title, creator, url, material.license)


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
    who = _author_name(adaptation.owner)
    notice = modification_notice(adaptation)
    if _rules_attr("attribution") and _rules_attr("Work"):
        try:
            based = [
                _work(m.effective("title"), [_creator(m)], m.effective("url") or "", m.license)
                for m in sources
            ]
            a = _rules_attr("attribution")(
                _work(adaptation.title, [who], url, adaptation.license),
                adapted_from=based,
                changes=notice,
            )
            return Credit(a.text, a.html, a.jsonld)
        except Exception:  # noqa: BLE001 - a registry bug must not break the page: fall back
            pass
    own = _fallback_credit(adaptation.title, who, url, adaptation.license)
    credits = [material_credit(m) for m in sources]
    text = "\n".join([own.text, "Adapted from:", *(f"- {c.text}" for c in credits), notice])
    html = (
        f"<p>{own.html}</p><p>Adapted from:</p><ul>"
        + "".join(f"<li>{c.html}</li>" for c in credits)
        + str(format_html("</ul><p>{}</p>", notice))
    )
    jsonld = {
        "@context": "https://schema.org",
        **own.jsonld,
        "isBasedOn": [c.jsonld for c in credits],
        "description": notice,
    }
    return Credit(text, html, jsonld)
