"""LTI launches that must be refused with a clear error page: replays, expired or misaddressed
tokens, unknown issuers and deployments, bad signatures. The platform is lti1p3platform."""

# The LTI fixtures are imported by name, so tests taking them look like redefinitions.
# ruff: noqa: F811

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.catalog.lti.conftest import material, platform  # noqa: F401  (fixtures)
from tests.catalog.lti.platform import CLIENT_ID, Platform, form_fields, rsa_pair

pytestmark = pytest.mark.django_db


def _refused(response, words: str) -> None:
    assert response.status_code == 403, response.content
    body = response.content.decode()
    assert "This could not be opened" in body
    assert words in body


def test_replayed_launch_is_refused(client, platform, material):
    custom = {"target": f"material:{material.slug}"}
    first, form = platform.launch(client, custom=custom)
    assert first.status_code == 200

    replay = client.post(urlsplit(form["launch_url"]).path, form_fields(form))
    _refused(replay, "already used")


def test_replayed_nonce_with_a_fresh_state_is_refused(client, platform, material):
    """A second login gives a new state; an old id_token (old nonce) must not pass with it."""
    custom = {"target": f"material:{material.slug}"}
    _, old = platform.launch(client, custom=custom)
    login = client.get(platform.login_initiation_url("http://testserver/lti/launch/"))
    fresh = platform.id_token(login["Location"], custom=custom)
    mixed = client.post("/lti/launch/", {"id_token": old["id_token"], "state": fresh["state"]})
    _refused(mixed, "nonce")


def test_state_without_its_browser_cookie_is_refused(client, platform, material):
    from django.test import Client

    login = client.get(platform.login_initiation_url("http://testserver/lti/launch/"))
    answer = platform.id_token(login["Location"])
    other_browser = Client()
    _refused(other_browser.post("/lti/launch/", form_fields(answer)), "State not found")


def test_expired_token_is_refused(client, db, material):
    p = Platform.create(token_lifetime=-120)  # issued already expired
    p.register_with_tool()
    response, _ = p.launch(client, custom={"target": f"material:{material.slug}"})
    _refused(response, "expired")


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"aud": "someone-else"}, "Registration not found"),
        ({"aud": ["someone-else", CLIENT_ID]}, "Registration not found"),
        ({"aud": [CLIENT_ID, "someone-else"], "azp": None}, "azp"),
        ({"azp": "someone-else"}, "azp"),
        ({"iss": "https://evil.example"}, "Registration not found"),
        ({"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "dep-x"}, "deployment"),
    ],
)
def test_misaddressed_tokens_are_refused(client, db, material, claims, words):
    p = Platform.create(extra_claims=claims)
    p.register_with_tool()
    response, _ = p.launch(client, custom={"target": f"material:{material.slug}"})
    _refused(response, words)


def test_token_signed_with_a_key_not_in_the_platform_jwks_is_refused(client, platform, material):
    other_private, _ = rsa_pair()
    response, _ = platform.launch(
        client, custom={"target": f"material:{material.slug}"}, signing_pem=other_private
    )
    _refused(response, "Unable to find public key")


def test_disabled_platform_cannot_launch(client, db, material):
    p = Platform.create()
    p.register_with_tool(enabled=False)
    login = client.get(p.login_initiation_url("http://testserver/lti/launch/"))
    assert login.status_code == 400


def test_launch_does_not_touch_the_site_session(client, platform, material, django_user_model):
    """No session fixation: a launch neither logs anyone in nor keeps the browser's session."""
    user = django_user_model.objects.create_user("teacher", password="x-long-password-1")
    client.force_login(user)
    before = client.session.session_key
    response, _ = platform.launch(client, custom={"target": f"material:{material.slug}"})
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert client.session.session_key == before
    assert not [k for k in client.session.keys() if k.startswith("lti1p3")]  # noqa: SIM118 - a session, not a dict
