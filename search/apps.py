from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "oersearch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import indexing

        indexing.connect()
