from django.apps import AppConfig


class LtiConfig(AppConfig):
    """The registry as an LTI 1.3 tool: OIDC login, resource-link and deep-linking launches.

    It sits on top of the catalog like the public pages do: launches open materials,
    adaptations, collections and lists, and the deep-linking picker queries ``search``.
    Nothing in the catalog imports it.
    """

    name = "catalog.lti"
    label = "lti"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "LTI 1.3 tool"
