from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, using="default", **kwargs):
    # Permissions of apps later in INSTALLED_APPS are created by their own post_migrate
    # handlers, which may not have run yet: create them all first (idempotent).
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .roles import roles_sync

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    roles_sync()


class PagesConfig(AppConfig):
    name = "catalog.pages"
    label = "pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="oer_roles_sync")
