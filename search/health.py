"""Is the configured search engine reachable and usable, and is its index keeping up?"""

from __future__ import annotations

import sqlite3

from django.conf import settings
from django.utils import timezone


def _node_version(client) -> str:
    # GET / is not served by every distribution (the integ-test zip lacks it); nodes info is.
    nodes = client.nodes.info(node_id="_local", filter_path="nodes.*.version")["nodes"]
    return next(iter(nodes.values()))["version"]


def engine_health() -> dict:
    config = settings.OER_SEARCH
    if config["ENGINE"] == "elasticsearch":
        from elasticsearch import Elasticsearch

        try:
            client = Elasticsearch(config["ELASTICSEARCH_URL"], request_timeout=5)
            health = client.cluster.health()
            ok = health["status"] in {"green", "yellow"}
            return {
                "engine": "elasticsearch",
                "ok": ok,
                "cluster_status": health["status"],
                "version": _node_version(client),
            }
        except Exception as exc:  # noqa: BLE001 - report, don't raise: health checks must answer
            return {"engine": "elasticsearch", "ok": False, "error": str(exc)}
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        conn.close()
        return {"engine": "fts5", "ok": True, "sqlite_version": sqlite3.sqlite_version}
    except sqlite3.Error as exc:
        return {"engine": "fts5", "ok": False, "error": f"SQLite lacks FTS5: {exc}"}


def index_lag(*, clock=timezone.now) -> dict:
    """How far the derived indexes are behind the catalog (the outbox, per consumer).

    ``ok`` is False once the oldest queued change of any index is older than
    ``OER_INDEX_LAG_DEGRADED_SECONDS``: search still answers, with stale results.
    """
    from catalog.materials.outbox import outbox_status

    threshold = int(getattr(settings, "OER_INDEX_LAG_DEGRADED_SECONDS", 300))
    try:
        queues = outbox_status(clock=clock)
    except Exception as exc:  # noqa: BLE001 - report, don't raise: health checks must answer
        return {"ok": False, "threshold_seconds": threshold, "error": str(exc)}
    consumers = {
        name: {k: q[k] for k in ("depth", "oldest_age_seconds", "failing")}
        for name, q in queues.items()
    }
    worst = max((q["oldest_age_seconds"] for q in consumers.values()), default=0.0)
    return {"ok": worst <= threshold, "threshold_seconds": threshold, "consumers": consumers}
