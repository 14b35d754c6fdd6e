"""gunicorn configuration for `make run` and production (`gunicorn -c oer_registry/gunicorn.conf.py
oer_registry.wsgi`). Environment variables tune it; command-line flags override it.

- ``WEB_CONCURRENCY``: worker processes; default ``min(2 × cores + 1, 4)`` so a laptop keeps
  its memory and a server its headroom (raise it on bigger machines).
- ``OER_BIND``: address to listen on; default ``127.0.0.1:$OER_PORT`` (``OER_PORT`` 8000),
  behind a reverse proxy that terminates TLS.
- ``GUNICORN_TIMEOUT``: seconds before a silent worker is killed and replaced.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("OER_BIND") or f"127.0.0.1:{_int('OER_PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 4))
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# No control socket: its default path is per user, so two servers on one machine (a test run
# beside `make run`) would fight over it; reload and stop with signals (HUP, TERM) instead.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# Worker heartbeats on a RAM disk where there is one (a slow disk can stall them).
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's documented heartbeat location
    worker_tmp_dir = "/dev/shm"  # noqa: S108
