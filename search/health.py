"""Is the configured search engine reachable and usable?"""

from __future__ import annotations

import sqlite3

from django.conf import settings


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
        except Exception as exc:  # report, don't raise: health checks must answer
            return {"engine": "elasticsearch", "ok": False, "error": str(exc)}
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        conn.close()
        return {"engine": "fts5", "ok": True, "sqlite_version": sqlite3.sqlite_version}
    except sqlite3.Error as exc:
        return {"engine": "fts5", "ok": False, "error": f"SQLite lacks FTS5: {exc}"}
