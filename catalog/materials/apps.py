from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "catalog.materials"
    label = "materials"
    default_auto_field = "django.db.models.BigAutoField"
