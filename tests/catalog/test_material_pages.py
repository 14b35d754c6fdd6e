import pytest

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert, material_withdraw


@pytest.mark.django_db
def test_material_page_shows_material_and_hides_withdrawn(client):
    material = material_upsert(
        "src",
        MaterialRecord(
            remote_id="r1",
            title="Photosynthesis lab",
            url="https://example.org/p",
            description="Students measure oxygen.",
            grades=("middle-school",),
        ),
    ).material
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert (
        b"Photosynthesis lab" in response.content
        and b"Grade 6, Grade 7, Grade 8" in response.content
    )
    material_withdraw(material, "gone")
    assert client.get(material.get_absolute_url()).status_code == 404
