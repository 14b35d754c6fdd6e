"""The anonymous remix check (`/remix/?m=…`): many clashing ShareAlike sources cost polynomial
work, and more materials than the documented cap get a 400 page, not a computation."""

from __future__ import annotations

import pytest

from catalog.licenses.rules import remix
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.teachers import licensing

pytestmark = pytest.mark.django_db

BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
BY_NC_SA = "https://creativecommons.org/licenses/by-nc-sa/4.0/"


def _materials(licenses_urls: list[str]) -> list[str]:
    slugs = []
    for i, url in enumerate(licenses_urls):
        record = MaterialRecord(
            remote_id=f"dos-{i}",
            title=f"Worksheet {i}",
            url=f"https://example.org/worksheet-{i}",
            license_raw=url,
        )
        slugs.append(material_upsert("test", record).material.slug)
    return slugs


def _query(slugs: list[str]) -> str:
    return "/remix/?" + "&".join(f"m={s}" for s in slugs)


@pytest.fixture
def rule_budget(monkeypatch):
    """Counts evaluations of the per-(target, source) license rule and stops the request (through
    any ``except Exception``) once the budget is spent, so an exponential search fails fast."""
    calls = {"count": 0, "budget": 0}
    real_rule = remix._candidate_ok

    def counted(candidate, source):
        calls["count"] += 1
        if calls["count"] > calls["budget"]:
            pytest.fail(f"more than {calls['budget']} rule evaluations")
        return real_rule(candidate, source)

    monkeypatch.setattr(remix, "_candidate_ok", counted)
    return calls


def test_sixteen_clashing_share_alike_sources_cost_polynomial_work(client, licenses, rule_budget):
    slugs = _materials([BY_SA, BY_NC_SA] * 8)
    rule_budget["budget"] = 2 * len(slugs) ** 3
    page = client.get(_query(slugs))
    assert page.status_code == 200
    body = page.content.decode()
    assert "can’t be combined" in body
    # the two smallest ways out: drop every BY-SA source, or every BY-NC-SA one
    assert body.count("check the remix without it") == 2
    assert "Worksheet 0" in body and "Worksheet 1" in body


def test_the_cap_is_allowed(client, licenses, rule_budget):
    slugs = _materials([BY_SA, BY_NC_SA] * (licensing.MAX_SOURCES // 2))
    rule_budget["budget"] = 2 * len(slugs) ** 3
    assert client.get(_query(slugs)).status_code == 200


def test_more_materials_than_the_cap_get_a_400_page(client, licenses, rule_budget):
    slugs = _materials([BY_SA, BY_NC_SA] * (licensing.MAX_SOURCES // 2 + 1))
    page = client.get(_query(slugs))
    assert page.status_code == 400
    body = page.content.decode()
    assert f"at most {licensing.MAX_SOURCES} materials" in body
    assert rule_budget["count"] == 0
    # a POST is refused the same way, before any remix is attempted
    assert client.post("/remix/", {"m": slugs}).status_code == 400
