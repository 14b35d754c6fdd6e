"""OIDC login initiation and launch validation: pylti1p3's, plus the checks it leaves out.

Added to pylti1p3's validation (state cookie, signature, expiry, registration, deployment,
message claims):

- the state was issued by our login, is used once, and its nonce is the id_token's nonce;
- the nonce is used once (pylti1p3 only checks that it was issued);
- ``aud`` holds our client id; with several audiences ``azp`` is required, and any ``azp``
  must be our client id; a token without ``exp``, ``iat``, ``iss``, ``aud`` or ``nonce`` is
  refused by the JWT decoder itself;
- the platform JWKS is fetched with a timeout and the project's User-Agent (``catalog.http``,
  for ``lti``), cached in the database, and fetched again once when a launch names a kid the
  cached set lacks (platform key rotation).
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.request import DjangoRequest
from pylti1p3.exception import LtiException, OIDCException

from catalog.http import user_agent

from .storage import DbLaunchDataStorage, SingleUseSessionService

LOGIN_STATE_SECONDS = 300  # as long as pylti1p3's state cookie lives
USER_AGENT = user_agent("lti")
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "nonce"]

__all__ = ["LtiException", "OIDCException", "RegistryMessageLaunch", "RegistryOIDCLogin"]


class _TimeoutSession(requests.Session):
    """A requests session that never waits forever (pylti1p3 passes no timeout). pylti1p3
    takes a ``requests.Session``, so this is not ``catalog.http.PoliteSession``; it sends the
    same User-Agent."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT
        self._timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self._timeout)
        return super().request(*args, **kwargs)


def http_session() -> requests.Session:
    return _TimeoutSession(settings.OER_LTI_HTTP_TIMEOUT)


class RegistryOIDCLogin(DjangoOIDCLogin):
    """Third-party login initiation; remembers each state with its nonce, for one use."""

    def __init__(self, request, tool_config, storage: DbLaunchDataStorage) -> None:
        self._single_use = SingleUseSessionService(DjangoRequest(request), storage)
        super().__init__(
            request, tool_config, session_service=self._single_use, launch_data_storage=storage
        )

    def _prepare_redirect_url(self, launch_url: str) -> str:
        url = super()._prepare_redirect_url(launch_url)
        params = parse_qs(urlsplit(url).query)
        self._single_use.save_login_state(
            params["state"][0], params["nonce"][0], LOGIN_STATE_SECONDS
        )
        return url


class RegistryMessageLaunch(DjangoMessageLaunch):
    """A launch (resource link or deep linking) validated with the extra checks above."""

    _login_nonce: str | None = None

    def __init__(
        self,
        request,
        tool_config,
        session_service=None,
        cookie_service=None,
        launch_data_storage=None,
        requests_session=None,
    ) -> None:
        storage = launch_data_storage or DbLaunchDataStorage()
        django_request = DjangoRequest(request, post_only=True)
        super().__init__(
            django_request,
            tool_config,
            session_service=session_service or SingleUseSessionService(django_request, storage),
            cookie_service=cookie_service,
            launch_data_storage=storage,
            requests_session=requests_session or http_session(),
        )
        self._storage = storage
        self.set_jwt_verify_options({"verify_aud": False, "require": REQUIRED_CLAIMS})
        self.set_public_key_caching(storage, settings.OER_LTI_JWKS_CACHE_SECONDS)
        self.set_launch_data_lifetime(settings.OER_LTI_LAUNCH_SECONDS)

    def validate_state(self):
        super().validate_state()
        login = self._session_service.take_login_state(self._get_request_param("state"))
        if not login:
            raise LtiException("this launch was already used, or its login has expired")
        self._login_nonce = login.get("nonce")
        return self

    def validate_nonce(self):
        nonce = self._get_jwt_body().get("nonce")
        if not nonce or nonce != self._login_nonce:
            raise LtiException("the nonce is not the one issued at login")
        return super().validate_nonce()

    def validate_registration(self):
        super().validate_registration()
        body = self._get_jwt_body()
        client_id = self._registration.get_client_id()
        aud = body.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if client_id not in audiences:
            raise LtiException("the token is not addressed to this tool (aud)")
        azp = body.get("azp")
        if len(audiences) > 1 and not azp:
            raise LtiException("a token with several audiences must name its party (azp)")
        if azp is not None and azp != client_id:
            raise LtiException("the token was issued to another party (azp)")
        return self

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException as exc:
            url = self._registration.get_key_set_url()
            if "Unable to find public key" not in str(exc) or not url:
                raise
        # The platform may have rotated its key since the keyset was cached: fetch once more.
        self._storage.delete_value(_jwks_cache_key(url))
        self._registration.set_key_set(None)
        return super().get_public_key()

    def get_login_nonce(self) -> str | None:
        return self._login_nonce


def _jwks_cache_key(url: str) -> str:
    # pylti1p3's key for a cached keyset (MessageLaunch.fetch_public_key).
    return "key-set-url-" + hashlib.md5(url.encode("utf-8"), usedforsecurity=False).hexdigest()
