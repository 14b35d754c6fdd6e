"""The OAI-PMH endpoint."""

from django.urls import path

from .views import oai

urlpatterns = [path("oai", oai, name="oai")]
