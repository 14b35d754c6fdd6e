from django.apps import AppConfig


class ListsConfig(AppConfig):
    """State approved instructional materials lists: review, publication, exports."""

    name = "catalog.lists"
    label = "lists"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Approved lists"

    def ready(self) -> None:
        from catalog.spreadsheet_cells import guard_wagtail_csv_exports

        from . import receivers

        receivers.connect()
        guard_wagtail_csv_exports()
