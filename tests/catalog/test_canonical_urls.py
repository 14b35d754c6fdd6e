"""``canonical_url`` agrees with the ``url_normalize`` rules on every URL in the shared data.

The fast path for plain URLs must never give a different answer from ``url_normalize``: two
spellings of one URL taking different paths would then miss deduplication.
"""

from __future__ import annotations

import re

import pytest
from url_normalize import url_normalize

from catalog.materials.services.urls import canonical_url

URL = re.compile(r"""https?://[^\s"'<>\\\[\](),|]+""")
SUFFIXES = {".json", ".jsonld", ".json-ld", ".xml", ".csv", ".tsv"}
MAX_FILE_BYTES = 50_000_000


def reference_canonical(url: str) -> str:
    """The canonical form by ``url_normalize`` alone (no fast path)."""
    url = url.strip()
    try:
        normal = url_normalize(url, default_scheme="https")
    except Exception:  # noqa: BLE001 - the same rule as the code under test
        normal = url
    normal = normal.split("#", 1)[0]
    normal = normal.replace("http://", "https://", 1).replace("https://www.", "https://", 1)
    return normal.rstrip("/")


@pytest.fixture(scope="module")
def shared_urls(shared_data) -> set[str]:
    urls: set[str] = set()
    for path in sorted(shared_data.rglob("*")):
        small = path.is_file() and path.stat().st_size <= MAX_FILE_BYTES
        if path.suffix.lower() in SUFFIXES and small:
            urls.update(URL.findall(path.read_text("utf-8", errors="replace")))
    return urls


def test_every_shared_url_has_the_url_normalize_canonical_form(shared_urls):
    assert len(shared_urls) > 10_000
    wrong = {u: canonical_url(u) for u in shared_urls if canonical_url(u) != reference_canonical(u)}
    assert not wrong, f"{len(wrong)} URLs differ, e.g. {sorted(wrong.items())[:5]}"


@pytest.mark.parametrize(
    "one, other",
    [
        ("https://github.com/a/b}", "https://github.com/a/b%7D"),
        ("http://example.org/a//b", "https://example.org/a/b"),
        ("http://www.example.org/x?p=a;b=c", "https://example.org/x?p=a%3Bb%3Dc"),
        ("http://Example.org:80/a/./b/#top", "https://example.org/a/b"),
    ],
)
def test_two_spellings_of_one_url_share_a_canonical_form(one, other):
    assert canonical_url(one) == canonical_url(other)


@pytest.mark.parametrize("url", ["http://[::1/x", "http://\udcff.example/", "https://[zz]/a#f"])
def test_a_url_that_url_normalize_refuses_keeps_its_raw_form(url):
    """url_normalize refuses these with a ValueError; the URL is kept, minus its fragment."""
    with pytest.raises(ValueError):
        url_normalize(url, default_scheme="https")
    assert canonical_url(url) == url.split("#", 1)[0].replace("http://", "https://", 1).rstrip("/")


def test_a_bug_in_normalizing_is_not_mistaken_for_a_bad_url(monkeypatch):
    """Only a refused URL keeps its raw form: any other error propagates."""

    def broken(url, **kwargs):
        raise KeyError("a bug, not a bad URL")

    monkeypatch.setattr("catalog.materials.services.urls.url_normalize", broken)
    with pytest.raises(KeyError):
        canonical_url("http://[::1/x")
