"""`make run` serves through gunicorn with WhiteNoise: a real server on a free port, run
settings (oer_registry.settings.local), a throwaway var dir with the embedded database."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
RUN_SETTINGS = "oer_registry.settings.local"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_env(var_dir: Path, port: int) -> dict:
    """The environment `make run` gives its processes, pointed at a private var dir. The
    external services are left out: this server runs on the embedded SQLite + FTS5."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
        and not k.startswith(("PYTEST_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=RUN_SETTINGS,
        OER_VAR_DIR=str(var_dir),
        OER_PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    return env


def _manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local URL)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _wait_until_serving(process: subprocess.Popen, base: str, log: Path) -> None:
    """Poll until the server answers; the bound is on attempts, each one a real request."""
    for _attempt in range(600):
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5).close()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn never answered:\n{log.read_text()}")


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """gunicorn with the run settings, after the migrate + collectstatic that bootstrap does."""
    var_dir = tmp_path_factory.mktemp("run-var")
    port = _free_port()
    env = _run_env(var_dir, port)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    log = var_dir / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", "oer_registry/gunicorn.conf.py", "oer_registry.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, base, log)
        yield {"base": base, "var_dir": var_dir, "process": process, "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_healthz_is_served_by_gunicorn(served):
    status, headers, body = _get(served["base"] + "/healthz")
    assert status == 200, body
    assert headers.get("Server", "").startswith("gunicorn")
    assert b'"status": "ok"' in body


def test_run_settings_have_debug_off_and_a_persisted_secret_key(served):
    status, _headers, body = _get(served["base"] + "/no-such-page-here")
    assert status == 404
    assert b"Traceback" not in body and b"URLconf" not in body  # no debug page
    key_file = served["var_dir"] / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_hashed_static_file_has_long_cache_headers(served):
    import json

    manifest = json.loads((served["var_dir"] / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["wagtailadmin/css/core.css"]
    assert hashed != "wagtailadmin/css/core.css"
    status, headers, _body = _get(f"{served['base']}/static/{hashed}")
    assert status == 200
    cache = headers["Cache-Control"]
    assert "max-age=315360000" in cache and "immutable" in cache and "public" in cache


def test_admin_login_renders_and_its_stylesheets_resolve(served):
    status, _headers, body = _get(served["base"] + "/admin/login/")
    assert status == 200
    hrefs = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="(/static/[^"]+)"', body)
    hrefs += re.findall(rb'<link[^>]+href="(/static/[^"]+)"[^>]+rel="stylesheet"', body)
    assert hrefs, body[:2000]
    for href in hrefs:
        status, headers, _css = _get(served["base"] + href.decode().replace("&amp;", "&"))
        assert status == 200, href
        assert headers["Content-Type"].startswith("text/css")
