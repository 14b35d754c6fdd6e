from django.apps import AppConfig


class OaiConfig(AppConfig):
    """The OAI-PMH 2.0 data provider (``/oai``): the whole catalog, one set per published list.

    A protocol of its own, so an app of its own: it reads materials and published lists
    (``catalog.materials``, ``catalog.lists``) and nothing imports it back. It has no models.
    """

    name = "catalog.oai"
    label = "oai"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "OAI-PMH provider"
