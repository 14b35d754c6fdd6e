"""The project's URLs plus an API view that fails, to see how a server error is answered."""

from django.urls import path

from oer_registry.urls import urlpatterns as project_urls


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("api/v1/broken", broken), *project_urls]
