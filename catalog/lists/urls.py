"""Public list URLs outside the list pages (included before Wagtail's catch-all)."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("api/v1/lists", api.api_lists, name="api-lists"),
    path("lists/", views.lists_index, name="lists-index"),
]
