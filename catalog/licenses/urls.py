"""URLs of the public license pages and the license JSON API.

Include both from the project's urls.py, before Wagtail's catch-all:
``path("", include("catalog.licenses.urls"))``.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("licenses/", views.license_list, name="license_list"),
    path("licenses/<str:key>/", views.license_detail, name="license_detail"),
    path("api/v1/licenses/", views.api_license_list, name="api_license_list"),
    path("api/v1/licenses/resolve", views.api_resolve, name="api_license_resolve"),
    path(
        "api/v1/licenses/compatibility", views.api_compatibility, name="api_license_compatibility"
    ),
]
