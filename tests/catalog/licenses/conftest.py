"""Fixtures for the license registry tests: the real registry, loaded once per module."""

from __future__ import annotations

import pytest

from catalog.licenses import registry, services
from catalog.licenses.models import License, LicenseMapping


@pytest.fixture(scope="module")
def loaded_registry(django_db_setup, django_db_blocker):
    """The committed data file loaded into the test database for one module, then removed."""
    with django_db_blocker.unblock():
        services.license_registry_load()
        registry.invalidate()
        yield
        LicenseMapping.objects.all().delete()
        License.objects.update(replaced_by=None)
        License.objects.all().delete()
        registry.invalidate()


@pytest.fixture
def fresh_registry():
    """For tests that write mappings: no snapshot survives the test's rolled-back transaction."""
    registry.invalidate()
    yield
    registry.invalidate()
