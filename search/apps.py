from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "oersearch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalog.lti.picker import register_material_finder

        from . import indexing
        from .lti_finder import find_materials
        from .vectors import consumer as vectors_consumer

        register_material_finder(find_materials)

        indexing.connect()  # the "lexical" consumer of the catalog's derived-index outbox
        vectors_consumer.connect()  # "embeddings": vectors follow in the background
