from django.apps import AppConfig


class TeachersConfig(AppConfig):
    name = "catalog.teachers"
    label = "teachers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Teachers"

    def ready(self) -> None:
        """Listen for catalog changes: a fork records that its source changed."""
        from catalog.materials.signals import materials_changed

        from .receivers import on_materials_changed

        materials_changed.connect(on_materials_changed, dispatch_uid="teachers-upstream-changes")
