"""Roles: the groups people are given, and what each may do.

The groups are created by a data migration; their permissions are synced after every
``migrate`` (``roles_sync``), because apps added later bring models whose permissions do not
exist yet when the first migration runs. Add an app's permissions here when it adds models.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from catalog.lists.permissions import ROLE_GRANTS as LIST_ROLE_GRANTS

TEACHERS = "Teachers"
CURATORS = "Curators"
REVIEWERS = "Reviewers"
HARVEST_OPERATORS = "Harvest operators"
ADMINISTRATORS = "Administrators"
ROLE_NAMES = (TEACHERS, CURATORS, REVIEWERS, HARVEST_OPERATORS, ADMINISTRATORS)

# Group → list of "app_label.codename". "*" means every permission (Administrators).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    TEACHERS: [],  # teachers work on the public site, never in the Wagtail admin
    CURATORS: [
        "wagtailadmin.access_admin",
        "materials.add_material",
        "materials.change_material",
        "materials.view_material",
        "licenses.view_license",
        "licenses.change_license",
        "licenses.add_licensemapping",
        "licenses.change_licensemapping",
        "licenses.delete_licensemapping",
        "licenses.view_licensemapping",
        "standards.view_framework",
        "standards.view_standarditem",
        "standards.add_alignment",
        "standards.change_alignment",
        "standards.delete_alignment",
        "standards.view_alignment",
        "teachers.moderate_adaptation",
        "materials.view_materialsource",
    ],
    REVIEWERS: [
        "wagtailadmin.access_admin",
        "materials.view_material",
        "licenses.view_license",
        "licenses.view_licensemapping",
        "standards.view_framework",
        "standards.view_standarditem",
    ],
    HARVEST_OPERATORS: [
        "wagtailadmin.access_admin",
        "materials.view_material",
        "harvesters.add_harvestsource",
        "harvesters.change_harvestsource",
        "harvesters.delete_harvestsource",
        "harvesters.view_harvestsource",
        "harvesters.view_harvestrun",
        "harvesters.view_rawrecord",
        "harvesters.view_recorderror",
        "materials.view_materialsource",
    ],
    ADMINISTRATORS: ["*"],
}
# Each app that defines its own permissions states its grants once, beside its checks.
for _role, _grants in LIST_ROLE_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] + _grants


# Page-tree permissions (on the home page and everything below it): curators edit and publish
# approved-list pages and approve them in Wagtail workflows.
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    CURATORS: ["add_page", "change_page", "publish_page"]
}


def _sync_page_permissions() -> None:
    from wagtail.models import GroupPagePermission, Page

    home = Page.objects.filter(depth=2).first()
    if home is None:
        return
    for name, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for codename in codenames:
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=perm)


def roles_sync() -> dict[str, int]:
    """Make each role's permissions match ROLE_PERMISSIONS; returns permissions per group.

    Permissions not yet created (their app is not installed or not migrated) are skipped.
    """
    counts: dict[str, int] = {}
    for name in ROLE_NAMES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = ROLE_PERMISSIONS[name]
        if wanted == ["*"]:
            perms = list(Permission.objects.all())
        else:
            perms = []
            for dotted in wanted:
                app_label, codename = dotted.split(".", 1)
                perm = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if perm:
                    perms.append(perm)
        group.permissions.set(perms)
        counts[name] = len(perms)
    _sync_page_permissions()
    return counts
