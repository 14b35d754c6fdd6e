"""Attribution (TASL: title, author, source, license) as text, HTML and schema.org JSON-LD, for
a work or for an adaptation of other works with a change note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import escape

from catalog import vocabulary

from .terms import LicenseTerms


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
