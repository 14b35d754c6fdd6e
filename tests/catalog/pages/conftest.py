"""A material page at its fullest, and the search index its similar materials come from."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.licenses.models import License
from catalog.lists.models import ApprovedListPage, ListVersion
from catalog.materials.models import Material
from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.pages.models import HomePage
from catalog.standards.models import Alignment, AlignmentSuggestion, Framework, StandardItem
from search import service

PLANTS = (
    "Photosynthesis: how plants make their food from sunlight",
    "How green leaves turn sunlight, water and air into sugar",
    "Plant cells and chloroplasts, where photosynthesis happens",
    "Roots, stems and leaves: the parts of a plant and what they do",
)


@pytest.fixture
def full_page(own_search_index):
    """A material whose page shows everything: an adaptable licence, a confirmed and a
    suggested standard, a badge for the published approved list it is on, and materials
    similar to it in the index."""
    materials = [
        material_upsert(
            "src",
            MaterialRecord(
                remote_id=f"plant-{n}",
                title=title,
                description=f"{title}. A lesson for grade 5 science.",
                url=f"https://example.org/plants/{n}",
                grades=("5",),
            ),
        ).material
        for n, title in enumerate(PLANTS)
    ]
    material = materials[0]
    cc_by = License.objects.create(
        key="CC-BY-4.0",
        title="Creative Commons Attribution 4.0 International",
        short_name="CC BY 4.0",
        family="cc",
        code="by",
        version="4.0",
        uri="https://creativecommons.org/licenses/by/4.0/",
    )
    Material.objects.filter(pk=material.pk).update(license=cc_by)
    framework = Framework.objects.create(
        identifier="ngss-test", title="Science standards", suggest_auto_apply_score=1.0
    )
    taught, suggested = (
        StandardItem.objects.create(
            framework=framework, identifier=code, human_coding_scheme=code, statement=text
        )
        for code, text in (
            ("5-LS1-1", "Support an argument that plants get what they need for growth."),
            ("5-PS3-1", "Use models to describe that energy in animals' food was once sunlight."),
        )
    )
    Alignment.objects.create(material=material, item=taught, target=taught.identifier)
    AlignmentSuggestion.objects.create(material=material, item=suggested, score=0.8)
    list_page = ApprovedListPage(
        title="Science grades 3–5", slug="science-3-5", jurisdiction="US-WA", subject="Science"
    )
    HomePage.objects.get().add_child(instance=list_page)
    ListVersion.objects.create(
        list_page=list_page,
        number=1,
        published_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        entries=[{"material_id": material.pk}],
    )
    service.index_rebuild()
    service.vectors_rebuild()
    return material
