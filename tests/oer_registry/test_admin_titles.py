"""Every main admin screen has a title naming the screen and the site (a browser tab, a
screen reader's first words), never "- Wagtail"."""

import re

import pytest
from django.contrib.auth import get_user_model

from harvesters.models import HarvestRun
from harvesters.services import harvest_source_create

pytestmark = pytest.mark.django_db


def test_admin_screens_are_titled(client):
    staff = get_user_model().objects.create_superuser("stella", "stella@example.org", "pw")
    client.force_login(staff)
    source = harvest_source_create("oer-lom", "oai-pmh", "http://127.0.0.1:1/oai", every_hours=6)
    run = HarvestRun.objects.create(source=source, status="partial", seen=3)
    screens = {
        "/admin/": "Dashboard",
        "/admin/lists/": "Approved lists",
        "/admin/licenses/review/": "License review queue",
        "/admin/snippets/harvesters/harvestsource/": "Harvest sources",
        f"/admin/snippets/harvesters/harvestrun/inspect/{run.pk}/": "oer-lom #",
        f"/admin/harvesting/sources/{source.pk}/run-now/": "Run now",
    }
    for url, name in screens.items():
        body = client.get(url).content.decode()
        title = " ".join(re.search(r"<title>(.*?)</title>", body, re.S).group(1).split())
        assert name.lower() in title.lower(), (url, title)
        assert title.endswith("OER Registry admin"), (url, title)
        assert not title.startswith("-"), (url, title)
