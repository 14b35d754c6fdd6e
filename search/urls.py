from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search", views.api_search, name="api-search"),
    path("api/v1/suggest", views.api_suggest, name="api-suggest"),
    path("api/v1/materials/<int:pk>/similar", views.api_similar, name="api-similar"),
    path("api/v1/openapi.json", views.api_openapi, name="api-openapi"),
]
