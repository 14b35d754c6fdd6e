"""The project's URLs with the license pages in front (until the lead includes them)."""

from django.urls import include, path

from oer_registry.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("", include("catalog.licenses.urls")), *project_urlpatterns]
