import pytest
from django.contrib.auth.models import Group

from catalog.pages.roles import ROLE_NAMES, ROLE_PERMISSIONS, roles_sync


@pytest.mark.django_db
def test_every_role_exists_with_its_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_NAMES) <= names
    curators = Group.objects.get(name="Curators")
    codenames = {f"{p.content_type.app_label}.{p.codename}" for p in curators.permissions.all()}
    assert "wagtailadmin.access_admin" in codenames
    assert "materials.change_material" in codenames
    assert not Group.objects.get(name="Teachers").permissions.exists()
    admin_perms = Group.objects.get(name="Administrators").permissions.count()
    assert admin_perms > len(ROLE_PERMISSIONS["Curators"])


@pytest.mark.django_db
def test_roles_sync_is_idempotent_and_restores_removed_permissions():
    curators = Group.objects.get(name="Curators")
    before = set(curators.permissions.values_list("id", flat=True))
    curators.permissions.clear()
    roles_sync()
    roles_sync()
    assert set(curators.permissions.values_list("id", flat=True)) == before
