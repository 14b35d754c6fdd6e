"""Project-level views: health and error pages. They may use every app (catalog and search)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from search.health import engine_health


def healthz(request):
    """JSON on the database and the search engine; HTTP 503 when either is down."""
    database = {"engine": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
    except Exception as exc:  # report, don't raise: this endpoint is for monitors
        database.update(ok=False, error=str(exc))
    search = engine_health()
    ok = database["ok"] and search["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": database, "search": search},
        status=200 if ok else 503,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
