"""LTI platforms (the LMSs that launch us), the tool's signing keys, and single-use values."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, or None."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()


class LtiPlatform(models.Model):
    """One registration of the tool in an LMS: the values the LMS shows after adding the tool."""

    name = models.CharField(max_length=200, help_text="e.g. District Canvas")
    issuer = models.CharField(max_length=255, help_text="The platform's issuer (iss)")
    client_id = models.CharField(max_length=255, help_text="Client id the platform gave the tool")
    deployment_ids = models.TextField(help_text="Deployment ids, one per line")
    auth_login_url = models.URLField(max_length=500, help_text="OIDC authentication request URL")
    auth_token_url = models.URLField(max_length=500, blank=True, help_text="OAuth2 token URL")
    jwks_url = models.URLField(
        max_length=500, blank=True, help_text="The platform's public keyset URL"
    )
    public_jwks = models.JSONField(
        null=True,
        blank=True,
        help_text='The platform\'s keyset itself ({"keys": [...]}), instead of a JWKS URL',
    )
    frame_origins = models.TextField(
        blank=True,
        help_text="Other origins that frame the tool (e.g. https://school.instructure.com), "
        "one per line; the issuer's and login URL's origins are always allowed",
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "LTI platform"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"

    @property
    def deployment_id_list(self) -> list[str]:
        return _lines(self.deployment_ids)

    def origins(self) -> list[str]:
        """Origins allowed to frame the tool for this platform."""
        found = [origin_of(u) for u in (self.issuer, self.auth_login_url)]
        found += [origin_of(u) for u in _lines(self.frame_origins)]
        return list(dict.fromkeys(o for o in found if o))

    def clean(self) -> None:
        if not self.deployment_id_list:
            raise ValidationError({"deployment_ids": "Give at least one deployment id."})
        if not self.jwks_url and not self.public_jwks:
            raise ValidationError({"jwks_url": "Give the JWKS URL or paste the keyset."})
        jwks = self.public_jwks
        if jwks is not None and not (isinstance(jwks, dict) and isinstance(jwks.get("keys"), list)):
            raise ValidationError({"public_jwks": 'A keyset is {"keys": [...]}.'})
        for line in _lines(self.frame_origins):
            if origin_of(line) is None:
                raise ValidationError({"frame_origins": f"{line!r} is not an http(s) origin."})


class LtiKey(models.Model):
    """One RSA key of the tool. The active key signs; every key not retired is published in
    the JWKS, so a platform holding a message signed just before a rotation still verifies
    it. The private key is stored encrypted (catalog.lti.keys) and never shown."""

    kid = models.CharField(max_length=100, unique=True, editable=False)
    private_key_encrypted = models.TextField(editable=False)
    public_jwk = models.JSONField(editable=False)
    active = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "LTI key"
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="lti_one_active_key"
            )
        ]

    def __str__(self) -> str:
        state = "active" if self.active else ("retired" if self.retired_at else "published")
        return f"{self.kid} ({state})"

    def __repr__(self) -> str:  # never the private key, even encrypted
        return f"<LtiKey {self.kid}>"


class LtiStoredValue(models.Model):
    """A short-lived value of an LTI exchange (state, nonce, launch data, fetched keysets).

    In the database rather than a cache: the login and the launch may reach different worker
    processes, and a state or nonce must be used once across all of them."""

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField(null=True)
    expires_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        verbose_name = "LTI stored value"

    def __str__(self) -> str:
        return self.key
