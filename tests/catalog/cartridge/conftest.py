"""Cartridges are built from published approved lists and teacher collections: these tests
use the lists app's fixtures (roles, curator, reviewers, a list page, real demo materials)."""

from tests.catalog.lists.conftest import (  # noqa: F401 (pytest fixtures)
    curator,
    list_page,
    materials,
    reviewer,
    reviewer2,
    roles,
    teacher,
)
