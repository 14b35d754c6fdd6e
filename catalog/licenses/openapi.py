"""The licence JSON API in OpenAPI 3.1 terms: ``OPENAPI_PATHS`` is merged into the API's
OpenAPI document (``/api/v1/openapi.json``) next to the search and lists paths."""

from __future__ import annotations

from .resolver import MAX_LENGTH

_ERROR = {
    "description": "Bad parameter",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string", "description": "what to fix"}},
            }
        }
    },
}

LICENSE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "Registry key (the SPDX id where one exists)"},
        "spdx_id": {"type": ["string", "null"]},
        "title": {"type": "string"},
        "short_name": {"type": "string"},
        "uri": {"type": ["string", "null"], "format": "uri"},
        "deed_url": {"type": ["string", "null"], "format": "uri"},
        "legalcode_url": {"type": ["string", "null"], "format": "uri"},
        "family": {"type": "string", "description": "cc, cc0, pdm, gnu, arr, custom, …"},
        "code": {"type": "string"},
        "version": {"type": ["string", "null"]},
        "jurisdiction": {"type": ["string", "null"], "description": "CC port, if any"},
        "flags": {
            "type": "object",
            "properties": {
                name: {"type": "boolean"}
                for name in (
                    "attribution",
                    "share_alike",
                    "non_commercial",
                    "no_derivatives",
                    "public_domain",
                )
            },
        },
        "deprecated": {"type": "boolean"},
        "bucket": {"enum": ["remix-and-share", "share-only", "read-only"]},
        "open": {
            "type": "boolean",
            "description": "Open under this registry's OER definition (OER_OPEN_DEFINITION)",
        },
        "materials": {"type": "integer", "description": "Active materials (list endpoint only)"},
    },
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


OPENAPI_PATHS = {
    "/api/v1/licenses/": {
        "get": {
            "summary": "Every licence in the registry, with flags, bucket and material count",
            "responses": {
                "200": _json(
                    "The licence registry",
                    {
                        "type": "object",
                        "properties": {"licenses": {"type": "array", "items": LICENSE_SCHEMA}},
                    },
                )
            },
        }
    },
    "/api/v1/licenses/resolve": {
        "get": {
            "summary": "Resolve a licence URL or free text to a registry licence",
            "parameters": [
                {
                    "name": "value",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "maxLength": MAX_LENGTH},
                    "description": "A licence URL, SPDX id or name as a source wrote it",
                }
            ],
            "responses": {
                "200": _json(
                    "The licence found (or null), with the resolver's confidence and reason",
                    {
                        "type": "object",
                        "properties": {
                            "input": {"type": "string"},
                            "license": {"oneOf": [LICENSE_SCHEMA, {"type": "null"}]},
                            "confidence": {"type": "string"},
                            "reason": {"type": "string"},
                        },
                    },
                ),
                "400": _ERROR,
            },
        }
    },
    "/api/v1/licenses/compatibility": {
        "get": {
            "summary": "Which licences a remix of these sources may carry",
            "parameters": [
                {
                    "name": "license",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
                    "style": "form",
                    "explode": True,
                    "description": "One source licence per parameter (URL, SPDX id or name)",
                }
            ],
            "responses": {
                "200": _json(
                    "The licences a remix may carry, and the attribution it owes",
                    {"type": "object"},
                ),
                "400": _ERROR,
            },
        }
    },
}
