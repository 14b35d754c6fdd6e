"""`make run` on a laptop: production-like serving (DEBUG off, gunicorn, hashed static files
served by WhiteNoise) over plain HTTP on 127.0.0.1, without the configuration a public site
must provide.

The secret key is generated on first use and kept in ``var/secret_key`` (mode 600), so sessions
survive restarts and nobody has to invent one. A public deployment uses
``oer_registry.settings.production``, which stays strict: it refuses to start without
SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_str

DEBUG = False


def persisted_secret_key(path: Path) -> str:
    """The key stored at ``path``, created there first if missing. Created under a temporary
    name then linked into place, so the web server, the worker and the scheduler starting
    together all read the same complete key."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(64) + "\n")
    try:
        os.link(scratch, path)  # fails if another process linked its key first
    except FileExistsError:
        pass
    finally:
        scratch.unlink()
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or persisted_secret_key(VAR_DIR / "secret_key")

# Hashed file names (cached for ten years by browsers) plus gzip copies, as in production.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
