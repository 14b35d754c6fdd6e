"""Non-page URLs of the lists app: the OAI-PMH endpoint."""

from django.urls import path

from .oai.views import oai

urlpatterns = [path("oai", oai, name="oai")]
