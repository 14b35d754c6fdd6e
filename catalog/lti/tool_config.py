"""pylti1p3's tool configuration, read from ``LtiPlatform`` rows and the active ``LtiKey``."""

from __future__ import annotations

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from .keys import SigningKey
from .models import LtiPlatform


def platform_for(iss: str, client_id: str | None) -> LtiPlatform | None:
    """The enabled platform with this issuer and client id; without a client id (a login
    initiation may omit it) only when the issuer has exactly one registration."""
    qs = LtiPlatform.objects.filter(issuer=iss, enabled=True)
    if client_id:
        return qs.filter(client_id=client_id).first()
    found = list(qs[:2])
    return found[0] if len(found) == 1 else None


class RegistryToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration)."""

    def __init__(self, signing_key: SigningKey | None = None) -> None:
        super().__init__()
        self._signing_key = signing_key

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _registration(self, platform: LtiPlatform | None) -> Registration | None:
        if platform is None:
            return None
        reg = (
            Registration()
            .set_issuer(platform.issuer)
            .set_client_id(platform.client_id)
            .set_auth_login_url(platform.auth_login_url)
            .set_auth_token_url(platform.auth_token_url)
            .set_key_set_url(platform.jwks_url or None)
            .set_key_set(platform.public_jwks or None)
        )
        if self._signing_key is not None:
            reg.set_tool_private_key(self._signing_key.private_pem)
            reg.set_tool_public_key(self._signing_key.public_pem)
        return reg

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self._registration(platform_for(iss, None))

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        return self._registration(platform_for(iss, client_id))

    def find_deployment(self, iss, deployment_id):
        return self._deployment(platform_for(iss, None), deployment_id)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        return self._deployment(platform_for(iss, client_id), deployment_id)

    @staticmethod
    def _deployment(platform: LtiPlatform | None, deployment_id: str) -> Deployment | None:
        if platform is None or deployment_id not in platform.deployment_id_list:
            return None
        return Deployment().set_deployment_id(deployment_id)
