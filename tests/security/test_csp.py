"""The public site is served with a Content-Security-Policy that forbids inline script, and
its templates carry no inline script or event-handler attribute that the policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from tests.catalog.lists.conftest import ensure_migrated_data
from tests.conftest import ROOT


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def _assert_strict(response) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = _directives(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], header
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("base-uri") == ["'self'"]


@pytest.mark.django_db
def test_public_pages_forbid_inline_script(client):
    ensure_migrated_data()
    material = material_upsert(
        "src", MaterialRecord(remote_id="r1", title="Fractions", url="https://example.org/f")
    ).material
    for path in ("/", "/search/?q=fractions", material.get_absolute_url(), "/no-such-page/"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        _assert_strict(response)


@pytest.mark.django_db
def test_only_the_wagtail_admin_allows_its_inline_scripts(client):
    ensure_migrated_data()
    admin = _directives(client.get("/admin/login/").headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in admin["script-src"] and admin["object-src"] == ["'none'"]
    _assert_strict(client.get("/administration-is-not-admin/"))


_TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*.html") if "admin" not in p.relative_to(ROOT).parts
)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


@pytest.mark.parametrize("path", _TEMPLATES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_public_templates_have_no_inline_script(path):
    text = path.read_text("utf-8")
    assert not _INLINE_SCRIPT.search(text), "inline <script>: move it to a file under static/"
    assert not _HANDLER.search(text), "on…= handler: attach it from a static script"
    assert not _JS_URL.search(text)
