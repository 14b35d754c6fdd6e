"""``GET /api/v1/lists``: the published approved lists, for LMS integrations and state portals.

Each list comes with its page URL, its current version, every version (number, publication
time, stable URL) and the export links of each (CSV, XLSX, LRMI JSON-LD, IMS Common
Cartridge). A list answers only while its page is live, public and has a published version.
The whole set is small (one list per jurisdiction and subject), so it is not paginated.
``OPENAPI_PATHS`` describes it for the API's OpenAPI document.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .page_views import EXPORT_TYPES
from .selectors import published_lists_public


def _exports(base: str) -> dict[str, str]:
    return {fmt: f"{base}export/{fmt}/" for fmt in EXPORT_TYPES}


def list_json(page, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(page.get_url(request))
    versions = list(page.versions.all())
    return {
        "title": page.title,
        "jurisdiction": page.jurisdiction,
        "subject": page.subject,
        "grades": page.grade_band,
        "grade_min": page.grade_min,
        "grade_max": page.grade_max,
        "effective_date": page.effective_date.isoformat() if page.effective_date else None,
        "expiry_date": page.expiry_date.isoformat() if page.expiry_date else None,
        "url": url,
        "current_version": versions[0].number,
        "exports": _exports(url),
        "versions": [
            {
                "number": v.number,
                "published_at": v.published_at.isoformat(),
                "url": f"{url}versions/{v.number}/",
                "exports": _exports(f"{url}versions/{v.number}/"),
            }
            for v in versions
        ],
    }


@require_GET
def api_lists(request: HttpRequest) -> JsonResponse:
    lists = [list_json(page, request) for page in published_lists_public()]
    return JsonResponse({"count": len(lists), "lists": lists})


_URL = {"type": "string", "format": "uri"}
_EXPORT_LINKS = {
    "type": "object",
    "properties": {fmt: _URL for fmt in EXPORT_TYPES},
    "description": "csv, xlsx, jsonld (LRMI), imscc (IMS Common Cartridge 1.1)",
}
OPENAPI_PATHS = {
    "/api/v1/lists": {
        "get": {
            "summary": "Published approved lists, with versions and export links",
            "responses": {
                "200": {
                    "description": "Every live, public list that has a published version",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "count": {"type": "integer"},
                                    "lists": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "title": {"type": "string"},
                                                "jurisdiction": {"type": "string"},
                                                "subject": {"type": "string"},
                                                "grades": {"type": "string"},
                                                "grade_min": {"type": "integer"},
                                                "grade_max": {"type": "integer"},
                                                "effective_date": {"type": ["string", "null"]},
                                                "expiry_date": {"type": ["string", "null"]},
                                                "url": _URL,
                                                "current_version": {"type": "integer"},
                                                "exports": _EXPORT_LINKS,
                                                "versions": {
                                                    "type": "array",
                                                    "items": {
                                                        "type": "object",
                                                        "properties": {
                                                            "number": {"type": "integer"},
                                                            "published_at": {
                                                                "type": "string",
                                                                "format": "date-time",
                                                            },
                                                            "url": _URL,
                                                            "exports": _EXPORT_LINKS,
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                }
            },
        }
    }
}
