"""Fixtures for the LTI tool: a registered platform (lti1p3platform) and real materials."""

from __future__ import annotations

import pytest

from search import service
from tests.catalog.teachers.conftest import load_real

from .platform import Platform


@pytest.fixture
def platform(db) -> Platform:
    p = Platform.create()
    p.register_with_tool()
    return p


@pytest.fixture
def material(licenses):
    return load_real()["by-sa"]


@pytest.fixture
def indexed(licenses):
    """Real materials in the search index for the picker; removed from it afterwards."""
    real = load_real()
    ids = [m.pk for m in real.values()]
    service.index_materials(ids)
    service.index_refresh()
    yield real
    from catalog.materials.models import Material

    Material.objects.filter(pk__in=ids).delete()
    service.index_materials(ids)
    service.index_refresh()
