"""Public standards URLs; included by the project as ``path("standards/", include(...))``."""

from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("", views.standards_index, name="index"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("items/<int:pk>/", views.item_detail, name="item"),
]
