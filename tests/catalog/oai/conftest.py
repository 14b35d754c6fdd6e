"""The provider's sets are published approved lists: these tests build them with the lists
app's fixtures (roles, a curator and a reviewer, a list page, real demo materials)."""

from tests.catalog.lists.conftest import (  # noqa: F401 (pytest fixtures)
    curator,
    list_page,
    materials,
    reviewer,
    roles,
)
