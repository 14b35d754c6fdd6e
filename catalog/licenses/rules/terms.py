"""What a rule needs to know of a license (``LicenseTerms``, copied from a License record),
and the built-in terms of the licenses an adaptation is usually offered (``STANDARD_TERMS``), so
every rule runs without the database."""

from __future__ import annotations

from dataclasses import dataclass, replace

# Legacy or narrow CC tools that do not grant general reuse and adaptation.
_NARROW_CC_CODES = {"sampling", "sampling+", "nc-sampling+", "devnations"}
_CLOSED_FAMILIES = {"arr", "custom"}


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
            return lic if not label else replace(lic, label=label)
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
