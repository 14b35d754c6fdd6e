"""Loading the registry, curator mappings and the review queue, on the real data file."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from catalog.licenses import registry, selectors, services
from catalog.licenses.models import License, LicenseMapping
from catalog.licenses.resolver import EXACT, resolve
from catalog.materials.models import Material

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_registry", "fresh_registry")]


def _material(n: int, raw: str) -> Material:
    return Material.objects.create(
        source_key="test",
        remote_id=str(n),
        slug=f"m-{n}",
        title=f"M {n}",
        license_raw=raw,
        license=resolve(raw).license,
    )


def test_load_is_idempotent():
    again = services.license_registry_load()
    assert (again.created, again.updated, again.not_in_file) == (0, 0, 0)
    assert again.unchanged == License.objects.count() == 642
    assert License.objects.get(key="CC-BY-NC-ND-1.0").replaced_by.key == "CC-BY-NC-ND-2.0"


def test_load_repairs_a_changed_record_and_the_resolver_sees_it():
    lic = License.objects.get(key="CC-BY-4.0")
    lic.title = "tampered"
    lic.save()
    result = services.license_registry_load()
    assert result.updated == 1
    assert resolve("https://creativecommons.org/licenses/by/4.0/").license.title.startswith(
        "Creative Commons"
    )


def test_mapping_applies_to_every_material_and_future_harvests():
    raw = "Licenced under the Frobnitz Open Licence"
    for n in range(3):
        _material(n, raw)
    _material(3, "  licenced UNDER the frobnitz open licence ")
    _material(4, "https://creativecommons.org/licenses/by/4.0/")
    queue = selectors.unresolved_license_strings()
    assert [(i.raw, i.materials) for i in queue] == [(raw, 4)]

    target = License.objects.get(key="CC-BY-SA-4.0")
    mapping, changed = services.license_mapping_set(raw, target)
    assert changed == 4
    assert Material.objects.filter(license=target).count() == 4
    assert selectors.unresolved_license_strings() == []
    res = resolve("LICENCED under the Frobnitz Open Licence")  # a later harvest
    assert res.license == target and res.confidence == EXACT and "curator mapping" in res.reason

    services.license_mapping_delete(mapping)
    assert resolve(raw).license is None
    assert Material.objects.filter(license__isnull=True).count() == 4


def test_mapping_an_empty_string_is_refused():
    with pytest.raises(ValueError):
        services.license_mapping_set("   ", License.objects.get(key="MIT"))


def test_mapping_model_normalizes_its_key():
    m = LicenseMapping.objects.create(raw="  Foo\tBAR ", license=License.objects.get(key="MIT"))
    assert (m.raw, m.raw_key) == ("Foo BAR", "foo bar")
    registry.invalidate()
    assert resolve("foo bar").license.key == "MIT"


def test_cli_load_resolve_compatible_unresolved(capsys):
    call_command("licenses", "load")
    assert "0 created" in capsys.readouterr().out
    call_command("licenses", "resolve", "--json", "CC BY-NC-SA 4.0", "cc-by", "")
    lines = capsys.readouterr().out.strip().splitlines()
    import json

    rows = [json.loads(line) for line in lines]
    assert rows[0] == {
        "input": "CC BY-NC-SA 4.0",
        "license": "CC-BY-NC-SA-4.0",
        "uri": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "confidence": "exact",
        "reason": "free text: CC BY-NC-SA 4.0",
    }
    assert rows[1]["license"] == "CC-BY" and rows[1]["confidence"] == "inferred"
    assert rows[2]["license"] is None and rows[2]["reason"] == "no license given"

    call_command("licenses", "compatible", "CC-BY-SA-4.0", "CC-BY-NC-4.0")
    out = capsys.readouterr().out
    assert "adaptation: not allowed" in out and "collection: may carry" in out

    _material(10, "weird license")
    call_command("licenses", "unresolved", "--json")
    assert json.loads(capsys.readouterr().out.strip())["input"] == "weird license"


def test_review_queue_view_maps_a_string(client, django_user_model):
    _material(20, "Frobnitz terms")
    user = django_user_model.objects.create_user("curator", password="pw")
    client.force_login(user)
    assert client.get("/admin/licenses/review/").status_code in (302, 403)  # no permission yet

    curators, _ = Group.objects.get_or_create(name="Curators")
    from django.contrib.auth.models import Permission

    curators.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "add_licensemapping"])
    )
    user.groups.add(curators)
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    page = client.get("/admin/licenses/review/")
    assert page.status_code == 200 and b"Frobnitz terms" in page.content

    bad = client.post(
        "/admin/licenses/review/", {"raw": "Frobnitz terms", "license": "CC BY"}, follow=True
    )
    assert b"does not name one license" in bad.content
    ok = client.post(
        "/admin/licenses/review/", {"raw": "Frobnitz terms", "license": "CC-BY-NC-4.0"}, follow=True
    )
    assert ok.status_code == 200
    assert Material.objects.get(remote_id="20").license.key == "CC-BY-NC-4.0"


def test_a_rolled_back_license_is_never_served():
    """The in-memory registry must not outlive a rollback (else materials get dangling FKs)."""
    from django.db import transaction

    url = "https://example.org/x-license"
    with pytest.raises(RuntimeError), transaction.atomic():
        License.objects.create(key="X-TEST", title="x", family="custom", uri=url)
        assert resolve(url).license.key == "X-TEST"
        raise RuntimeError
    assert resolve(url).license is None
