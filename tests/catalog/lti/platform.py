"""A real LTI 1.3 platform for tests: lti1p3platform (the platform side, MIT) driven over
Django's test client. It builds the login initiation, answers the tool's OIDC redirect with a
signed id_token, and validates the deep-linking response with the tool's published JWKS."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import RequestFactory
from lti1p3platform.framework.django.message_launch import DjangoLTI1P3MessageLaunch
from lti1p3platform.framework.django.oidc_login import DjangoAPIOIDCLogin
from lti1p3platform.framework.django.request import DjangoRequest
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.registration import Registration

from catalog.lti.models import LtiPlatform

ISSUER = "https://lms.example.edu"
CLIENT_ID = "registry-tool-1"
DEPLOYMENT = "deployment-1"
AUTH_LOGIN_URL = "https://lms.example.edu/api/lti/authorize_redirect"
TOOL = "http://testserver"
DL_RETURN = "https://lms.example.edu/courses/7/deep_linking_response"
TEACHER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]


def rsa_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self._reg = kwargs["registration"]

    def get_registration_by_params(self, **kwargs):
        return self._reg


class _Login(DjangoAPIOIDCLogin):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]


class _Launch(DjangoLTI1P3MessageLaunch):
    def render_launch_form(self, launch_data, **kwargs):
        return launch_data  # the test client posts it, as the auto-submitting form would


@dataclass
class Platform:
    """One LMS with its own key pair, registered with the tool as ``LtiPlatform``."""

    private_pem: str
    public_pem: str
    issuer: str = ISSUER
    client_id: str = CLIENT_ID
    deployment_id: str = DEPLOYMENT
    extra_claims: dict = field(default_factory=dict)
    token_lifetime: int = 300

    @classmethod
    def create(cls, **kw) -> Platform:
        private, public = rsa_pair()
        return cls(private, public, **kw)

    def registration(self, *, signing_pem: str | None = None) -> Registration:
        return (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(f"{TOOL}/lti/login/")
            .set_launch_url(f"{TOOL}/lti/launch/")
            .set_deeplink_launch_url(f"{TOOL}/lti/launch/")
            .set_platform_public_key(self.public_pem)
            .set_platform_private_key(signing_pem or self.private_pem)
        )

    def jwks(self) -> dict:
        return {"keys": self.registration().get_jwks()}

    def register_with_tool(self, **overrides) -> LtiPlatform:
        values = {
            "name": "Example LMS",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_ids": self.deployment_id,
            "auth_login_url": AUTH_LOGIN_URL,
            "public_jwks": self.jwks(),
        }
        values.update(overrides)
        return LtiPlatform.objects.create(**values)

    # ------------------------------------------------------------------ the flow

    def login_initiation_url(self, target_link_uri: str) -> str:
        reg = self.registration().set_launch_url(target_link_uri)
        login = _Login(None, _Conf(registration=reg))
        login.set_lti_message_hint(hint="resource-7")
        return login.initiate_login("user-42").url

    def id_token(
        self,
        auth_request_url: str,
        *,
        deep_link: bool = False,
        target_link_uri: str = f"{TOOL}/lti/launch/",
        custom: dict | None = None,
        signing_pem: str | None = None,
        accept_types=("ltiResourceLink", "link"),
        accept_multiple: bool = True,
    ) -> dict:
        """The platform's answer to the tool's OIDC authentication request:
        {"id_token", "state", "launch_url"}."""
        reg = self.registration(signing_pem=signing_pem).set_launch_url(target_link_uri)
        if not deep_link:
            reg.set_deeplink_launch_url("")
        request = DjangoRequest(RequestFactory().get(auth_request_url))
        launch = _Launch(request, _Conf(registration=reg))
        launch.set_user_data("user-42", TEACHER, full_name="Pat Teacher")
        launch.set_resource_link_claim("resource-7", title="Week 3 reading")
        launch.set_launch_context_claim("course-7", context_title="Biology 101")
        launch.set_id_token_expiration(self.token_lifetime)
        if custom:
            launch.set_custom_parameters_claim(custom)
        if deep_link:
            launch.set_dl(
                DL_RETURN,
                title="Add readings",
                accept_types=set(accept_types),
                extra_data={"placement": "week-3"},
            )
            dl_claim = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
            launch._deep_linking_launch_data[dl_claim].update(
                accept_types=list(accept_types), accept_multiple=accept_multiple
            )
        if self.extra_claims:
            launch.set_extra_claims(self.extra_claims)
        return launch.lti_launch()

    def launch(self, client, *, target_link_uri: str = f"{TOOL}/lti/launch/", **kw):
        """Login initiation → tool's redirect → signed id_token → POST to the tool.

        Returns (tool's response to the launch POST, the posted form)."""
        login = client.get(self.login_initiation_url(target_link_uri))
        assert login.status_code == 302, login.content
        form = self.id_token(login["Location"], target_link_uri=target_link_uri, **kw)
        response = client.post(urlsplit(form["launch_url"]).path, form_fields(form))
        return response, form

    def validate_deep_linking_response(self, tool_jwks: dict, jwt_value: str) -> list[dict]:
        """The platform library's validation of the response (signature with the tool's
        keyset, message type, item types) — it does not check aud or nonce."""
        conf = _Conf(registration=self.registration().set_tool_key_set(tool_jwks))
        conf.get_registration()
        return conf.validate_deeplinking_resp({"JWT": jwt_value})


def form_fields(form: dict) -> dict:
    return {"id_token": form["id_token"], "state": form["state"]}


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
