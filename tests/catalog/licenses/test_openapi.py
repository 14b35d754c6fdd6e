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
