"""HTTP for standards imports: one session with a timeout, retries with backoff (honouring
``Retry-After``) and a User-Agent, as every outbound call in the project has."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .base import StandardsImportError

TIMEOUT = (10, 60)
USER_AGENT = "oer-registry-standards/1.0 (+https://github.com/; standards importer)"


def session(retries: int = 3) -> requests.Session:
    s = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        respect_retry_after_header=True,
    )
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.mount("https://", HTTPAdapter(max_retries=retry))
    s.headers["User-Agent"] = USER_AGENT
    s.headers["Accept"] = "application/json, application/rdf+xml;q=0.9, */*;q=0.5"
    return s


def fetch(http: requests.Session, url: str) -> bytes:
    try:
        response = http.get(url, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise StandardsImportError(url, f"request failed: {exc}") from exc
    if response.status_code != 200:
        raise StandardsImportError(url, f"HTTP {response.status_code}")
    return response.content
