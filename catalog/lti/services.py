"""Writes on platform registrations (the admin edits them through the model form)."""

from __future__ import annotations

from .models import LtiPlatform


def lti_platform_register(
    *,
    name: str,
    issuer: str,
    client_id: str,
    deployment_ids: list[str],
    auth_login_url: str,
    auth_token_url: str = "",
    jwks_url: str = "",
    public_jwks: dict | None = None,
    frame_origins: list[str] = (),
) -> LtiPlatform:
    """Create or update the registration (issuer, client id); validated like the admin form."""
    platform = LtiPlatform.objects.filter(issuer=issuer, client_id=client_id).first()
    platform = platform or LtiPlatform(issuer=issuer, client_id=client_id)
    platform.name = name
    platform.deployment_ids = "\n".join(deployment_ids)
    platform.auth_login_url = auth_login_url
    platform.auth_token_url = auth_token_url
    platform.jwks_url = jwks_url
    platform.public_jwks = public_jwks
    platform.frame_origins = "\n".join(frame_origins)
    platform.full_clean()
    platform.save()
    return platform


def lti_platform_remove(pk: int) -> bool:
    deleted, _ = LtiPlatform.objects.filter(pk=pk).delete()
    return bool(deleted)
