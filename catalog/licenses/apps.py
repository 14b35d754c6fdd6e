from django.apps import AppConfig


class LicensesConfig(AppConfig):
    name = "catalog.licenses"
    label = "licenses"
    default_auto_field = "django.db.models.BigAutoField"
