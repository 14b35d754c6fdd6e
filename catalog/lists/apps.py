from django.apps import AppConfig


class ListsConfig(AppConfig):
    """State approved instructional materials lists: review, publication, exports, OAI-PMH."""

    name = "catalog.lists"
    label = "lists"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Approved lists"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
