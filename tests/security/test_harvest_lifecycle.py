"""Harvest sources from the admin: only http(s) endpoints (a file path would make the server
read its own files for anyone with admin access); local paths only from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from harvesters.models import HarvestSource

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/harvesters/harvestsource/add/"


@pytest.fixture
def operator(client):
    user = get_user_model().objects.create_superuser("op", "op@example.org", "pw")
    client.force_login(user)
    return client


def _form(base_url: str, name: str = "from-admin") -> dict:
    return {
        "name": name,
        "type": "csv",
        "base_url": base_url,
        "metadata_format": "",
        "set_spec": "",
        "every_hours": "",
        "cron": "",
        "enabled": "on",
        "next_run_at": "",
        "requests_per_second": "2.0",
        "user_agent": "",
        "priority": "0",
        "missing_runs_to_withdraw": "3",
        "min_complete_ratio": "0.5",
        "config": "{}",
    }


@pytest.mark.parametrize(
    "location",
    [
        "/etc/passwd",
        "file:///etc/passwd",
        "../../oer_registry/settings/local.py",
        "ftp://example.org/export.csv",
        "https://",
        "C:\\exports\\oer.csv",
    ],
)
def test_the_admin_refuses_anything_but_an_http_url(operator, location):
    response = operator.post(ADD, _form(location))
    assert response.status_code == 200  # the form again, with the error
    assert b"Enter an http:// or https:// URL" in response.content
    assert not HarvestSource.objects.exists()


def test_the_admin_accepts_an_https_url(operator):
    response = operator.post(ADD, _form("https://example.org/export.csv"))
    assert response.status_code == 302
    assert HarvestSource.objects.get().base_url == "https://example.org/export.csv"


def test_an_existing_path_source_cannot_be_saved_from_the_admin_unchanged(operator, tmp_path):
    call_command(
        "harvest_source",
        "add",
        "local",
        "--type",
        "csv",
        "--url",
        str(tmp_path / "a.csv"),
        stdout=StringIO(),
    )
    source = HarvestSource.objects.get()
    edit = f"/admin/snippets/harvesters/harvestsource/edit/{source.pk}/"
    response = operator.post(edit, _form(str(tmp_path / "b.csv"), name="local"))
    assert b"Enter an http:// or https:// URL" in response.content
    source.refresh_from_db()
    assert source.base_url == str(tmp_path / "a.csv")  # the CLI may still add paths
