"""Project-level views: health and error pages. They may use every app (catalog and search)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from search.health import engine_health, index_lag


def healthz(request):
    """JSON on the database, the search engine and the index lag; HTTP 503 when the database
    or the engine is down. A lagging index (queued changes older than
    ``OER_INDEX_LAG_DEGRADED_SECONDS``) is "degraded" with HTTP 200: search still answers,
    with stale results, so load balancers keep the node while monitors raise an alert."""
    database = {"engine": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
    except Exception as exc:  # noqa: BLE001 - report, don't raise: this endpoint is for monitors
        database.update(ok=False, error=str(exc))
    search = engine_health()
    ok = database["ok"] and search["ok"]
    lag = index_lag() if database["ok"] else {"ok": False, "error": "database down"}
    status = ("ok" if lag["ok"] else "degraded") if ok else "error"
    return JsonResponse(
        {"status": status, "database": database, "search": search, "index_queue": lag},
        status=200 if ok else 503,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
