from django.apps import AppConfig


class HarvestersConfig(AppConfig):
    name = "harvesters"
    label = "harvesters"
    default_auto_field = "django.db.models.BigAutoField"
