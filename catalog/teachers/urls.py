"""Public teacher URLs (included before Wagtail's catch-all in oer_registry/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, adaptations, cartridge, collections, moderation

app_name = "teachers"

urlpatterns = [
    # Accounts: Django's auth views with our templates (no Wagtail admin for teachers).
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/accounts/password/reset/done/"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/profile/"),
        name="password_change",
    ),
    path("my/", accounts.dashboard, name="dashboard"),
    # Collections.
    path("collections/", collections.public_list, name="collections"),
    path("collections/new/", collections.create, name="collection_new"),
    path("collections/<uuid:token>/", collections.detail, name="collection"),
    path("collections/<uuid:token>/edit/", collections.edit, name="collection_edit"),
    path("collections/<uuid:token>/delete/", collections.delete, name="collection_delete"),
    path("collections/<uuid:token>/export.csv", collections.export_csv, name="collection_csv"),
    path(
        "collections/<uuid:token>/export.jsonld",
        collections.export_jsonld,
        name="collection_jsonld",
    ),
    path(
        "collections/<uuid:token>/export.imscc",
        cartridge.export_imscc,
        name="collection_imscc",
    ),
    path(
        "collections/<uuid:token>/items/<int:item_id>/<str:action>/",
        collections.item_action,
        name="collection_item",
    ),
    path("save/<slug:slug>/", collections.save_material, name="save_material"),
    # Customize, remix, adaptations.
    path("customize/<slug:slug>/", adaptations.customize, name="customize"),
    path("remix/", adaptations.remix, name="remix"),
    path("adaptations/<int:pk>/", adaptations.detail, name="adaptation"),
    path("adaptations/<int:pk>/edit/", adaptations.edit, name="adaptation_edit"),
    path("adaptations/<int:pk>/submit/", adaptations.submit, name="adaptation_submit"),
    path("adaptations/<int:pk>/delete/", adaptations.delete, name="adaptation_delete"),
    path("adaptations/<int:pk>/discard/", adaptations.discard, name="adaptation_discard"),
    path("adaptations/<int:pk>/jsonld", adaptations.jsonld, name="adaptation_jsonld"),
    path(
        "adaptations/<int:pk>/changes/<int:change_id>/<str:action>/",
        adaptations.change_action,
        name="adaptation_change",
    ),
    # Moderation (curators).
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/<int:pk>/", moderation.decide, name="moderation_decide"),
]
