from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog.pages.views import material_page

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("standards/", include("catalog.standards.urls"))]
urlpatterns += [path("", include("catalog.licenses.urls"))]
urlpatterns += [path("", include("catalog.teachers.urls"))]
urlpatterns += [path("", include("search.urls"))]
urlpatterns += [path("", include("catalog.lists.urls"))]
urlpatterns += [path("", include("catalog.oai.urls"))]
urlpatterns += [path("lti/", include("catalog.lti.urls"))]
# The material pages, Wagtail pages still (see catalog.pages.views), routed in fewer queries.
urlpatterns += [path("materials/<slug:slug>/", material_page, name="material_page")]
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "oer_registry.views.page_not_found"
handler500 = "oer_registry.views.server_error"
