"""The home page counts as "open" exactly the materials whose licence the licence pages call
open under the configured definition (OER_OPEN_DEFINITION)."""

import pytest

from catalog.materials.services import material_upsert
from tests.catalog.lists.conftest import demo_records, ensure_migrated_data, load_license_registry

pytestmark = pytest.mark.django_db


def _stat(client) -> str:
    body = client.get("/").content.decode()
    return body.split('<p class="stat">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("definition", "open_count"), [("reuse-adapt", 3), ("no-nc", 2), ("by-only", 1)]
)
def test_home_count_follows_the_open_definition(client, settings, definition, open_count):
    ensure_migrated_data()
    load_license_registry()
    for records in demo_records().values():  # CC BY, BY-SA, BY-NC and BY-NC-ND
        material_upsert("oer-commons-demo", records[0])
    settings.OER_OPEN_DEFINITION = definition
    stat = _stat(client)
    assert f"{open_count} open materials" in stat
    assert "4 materials in the catalog" in stat
    assert "/licenses/" in stat


def test_licence_index_marks_what_counts_as_open(client, settings):
    load_license_registry()
    settings.OER_OPEN_DEFINITION = "no-nc"
    body = client.get("/licenses/").content.decode()
    assert 'id="open-definition"' in body and "Open here" in body
    row = body.split('href="/licenses/CC-BY-NC-4.0/"', 1)[1].split("</tr>", 1)[0]
    assert "<td>No</td>" in row
    row = body.split('href="/licenses/CC-BY-4.0/"', 1)[1].split("</tr>", 1)[0]
    assert "<td>Yes</td>" in row
