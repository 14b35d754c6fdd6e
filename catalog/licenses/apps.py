"""The license registry: one record per legal tool, and the rules that read them."""

from django.apps import AppConfig


class LicensesConfig(AppConfig):
    name = "catalog.licenses"
    label = "licenses"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Licenses"

    def ready(self) -> None:
        """Drop the resolver's in-memory registry whenever a License or mapping changes."""
        # Imported here: models may not be imported before the app registry is ready.
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import registry
        from .models import License, LicenseMapping

        for model in (License, LicenseMapping):
            post_save.connect(
                registry.changed, sender=model, dispatch_uid=f"lic-inv-save-{model.__name__}"
            )
            post_delete.connect(
                registry.changed, sender=model, dispatch_uid=f"lic-inv-del-{model.__name__}"
            )
        # ``flush`` (TransactionTestCase teardown) empties tables without delete signals; it
        # sends post_migrate afterwards.
        post_migrate.connect(registry.invalidate, dispatch_uid="lic-inv-migrate")
