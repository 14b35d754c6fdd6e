"""The client's network address, as one rule for every per-address limit (sign-in lockout,
comment rate limit), and a keyed hash of it for storage."""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or behind ``OER_TRUSTED_PROXIES`` = n reverse proxies that each append
    to ``X-Forwarded-For``, the n-th address from its right: the one the outermost trusted
    proxy saw. Addresses further left are the client's own claim and are never used."""
    hops = getattr(settings, "OER_TRUSTED_PROXIES", 0)
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if len(addresses) >= hops:
            return addresses[-hops]
    return request.META.get("REMOTE_ADDR", "") or ""


def client_ip_hash(request) -> str:
    """A keyed (SECRET_KEY) hash of the client's address: comparable, never reversible by
    someone who reads the database alone."""
    return salted_hmac("catalog.client_ip", client_ip(request), algorithm="sha256").hexdigest()
