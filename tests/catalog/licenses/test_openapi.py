"""The licence API's OpenAPI paths cover every licence JSON endpoint the URLconf serves."""

from django.urls import URLPattern

from catalog.licenses import urls
from catalog.licenses.openapi import OPENAPI_PATHS


def test_every_licence_api_url_is_described():
    served = {
        "/" + str(p.pattern)
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and str(p.pattern).startswith("api/")
    }
    assert served and served == set(OPENAPI_PATHS)
    for path, item in OPENAPI_PATHS.items():
        assert item["get"]["summary"] and "200" in item["get"]["responses"], path


def test_the_served_openapi_document_describes_the_licence_api(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(OPENAPI_PATHS) <= set(paths)
