from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "oersearch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Here, not at module level: these import models, which need the app registry loaded.
        from catalog.lti.picker import register_material_finder

        from . import drains, indexing
        from .lti_finder import find_materials
        from .vectors import consumer as vectors_consumer

        register_material_finder(find_materials)

        indexing.connect()  # the "lexical" consumer of the catalog's derived-index outbox
        # "embeddings": vectors follow in the background, drained by a task after each commit
        vectors_consumer.connect(wake=drains.wake_for(vectors_consumer.EMBEDDINGS))
