"""The project's URLs with the standards pages mounted, as the lead will mount them."""

from django.urls import include, path

from oer_registry.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("standards/", include("catalog.standards.urls")), *project_urlpatterns]
