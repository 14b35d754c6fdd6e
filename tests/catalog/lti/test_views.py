"""Full LTI 1.3 round trips between a real platform implementation (lti1p3platform) and the
tool, through Django's test client: login initiation, launch, deep-linking response."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.lti.models import LtiStoredValue

from .platform import AUTH_LOGIN_URL, CLIENT_ID, DEPLOYMENT, DL_RETURN, ISSUER, TOOL, claims

pytestmark = pytest.mark.django_db


def test_login_initiation_redirects_to_the_platform_with_state_and_nonce(client, platform):
    response = client.get(platform.login_initiation_url(f"{TOOL}/lti/launch/"))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == AUTH_LOGIN_URL
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == f"{TOOL}/lti/launch/"
    assert params["response_type"] == "id_token" and params["prompt"] == "none"
    assert params["login_hint"] == "user-42" and params["lti_message_hint"] == "resource-7"
    assert params["state"] and params["nonce"]
    # The state is bound to the browser (cookie) and remembered server-side with its nonce.
    assert any(params["state"] in name for name in response.cookies)
    stored = LtiStoredValue.objects.get(key__endswith=f"login-{params['state']}")
    assert stored.value == {"nonce": params["nonce"]}


def test_login_from_an_unknown_platform_is_refused(client, db):
    response = client.get(
        "/lti/login/",
        {"iss": "https://unknown.example", "login_hint": "u", "target_link_uri": TOOL},
    )
    assert response.status_code == 400
    assert b"could not start" in response.content


def test_resource_link_launch_opens_the_material_with_its_attribution(client, platform, material):
    response, _ = platform.launch(client, custom={"target": f"material:{material.slug}"})

    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-target="material:{material.slug}"' in body
    assert material.effective("title") in unescape(body)
    assert "Credit:" in body and "CC BY-SA" in unescape(body)
    # No login into the site: the launch sets no session cookie.
    assert "sessionid" not in response.cookies


def test_resource_link_target_from_the_signed_target_link_uri(client, platform, material):
    target_uri = f"{TOOL}/lti/launch/?target=material:{material.slug}"
    response, _ = platform.launch(client, target_link_uri=target_uri)
    assert response.status_code == 200
    assert f'data-target="material:{material.slug}"' in response.content.decode()


def test_resource_link_to_a_missing_material_is_a_clear_404(client, platform, db):
    response, _ = platform.launch(client, custom={"target": "material:no-such-thing"})
    assert response.status_code == 404
    assert b"Nothing to open here" in response.content


def _picker_launch(client, platform, **kw):
    response, _ = platform.launch(client, deep_link=True, **kw)
    assert response.status_code == 200, response.content
    launch_id = re.search(rb'name="launch_id" value="([^"]+)"', response.content).group(1)
    return response, launch_id.decode()


def _returned_jwt(response) -> tuple[str, str]:
    body = response.content.decode()
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', body).group(1))
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', body).group(1)
    return action, jwt_value


def test_deep_linking_round_trip(client, platform, indexed):
    material = indexed["by-sa"]
    response, launch_id = _picker_launch(client, platform)
    assert b"Add open materials" in response.content

    word = material.effective("title").split()[0]
    found = client.post("/lti/deep-link/", {"launch_id": launch_id, "action": "search", "q": word})
    assert found.status_code == 200
    assert f'value="material:{material.slug}"'.encode() in found.content

    picked = client.post(
        "/lti/deep-link/",
        {
            "launch_id": launch_id,
            "action": "return",
            "pick": [f"material:{material.slug}"],
            "kind": "ltiResourceLink",
        },
    )
    assert picked.status_code == 200
    assert b'src="/static/js/lti-autosubmit.js"' in picked.content
    assert b'<button type="submit">' in picked.content  # works without script too
    action, jwt_value = _returned_jwt(picked)
    assert action == DL_RETURN
    # The site's CSP lets this page post to the platform's return URL, and nowhere else.
    directives = {
        d.split()[0]: d.split()[1:]
        for d in picked["Content-Security-Policy"].split(";")
        if d.strip()
    }
    assert directives["form-action"] == ["'self'", "https://lms.example.edu"]

    # The platform library validates signature (with the tool's published JWKS) and types.
    items = platform.validate_deep_linking_response(client.get("/lti/jwks/").json(), jwt_value)
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == material.effective("title")
    assert item["custom"] == {"target": f"material:{material.slug}"}
    assert item["url"] == f"{TOOL}/lti/launch/?target=material%3A{material.slug}"
    assert "CC BY-SA" in item["text"]  # the TASL attribution

    # What lti1p3platform does not check: the response is addressed to the platform, comes
    # from our client id, carries a nonce and the deployment, and echoes the request's data.
    body = claims(jwt_value)
    assert body["aud"] == [ISSUER]
    assert body["iss"] == CLIENT_ID
    assert body["nonce"]
    assert body["exp"] > body["iat"]
    assert body["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] == DEPLOYMENT
    assert body["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == {"placement": "week-3"}

    # The picked link launches the material.
    relaunch, _ = platform.launch(client, custom=item["custom"], target_link_uri=item["url"])
    assert relaunch.status_code == 200
    assert f'data-target="material:{material.slug}"' in relaunch.content.decode()


def test_deep_linking_plain_links(client, platform, indexed):
    material = indexed["by"]
    _, launch_id = _picker_launch(client, platform)
    picked = client.post(
        "/lti/deep-link/",
        {
            "launch_id": launch_id,
            "action": "return",
            "pick": [f"material:{material.slug}"],
            "kind": "link",
        },
    )
    _, jwt_value = _returned_jwt(picked)
    items = platform.validate_deep_linking_response(client.get("/lti/jwks/").json(), jwt_value)
    assert items[0]["type"] == "link"
    assert items[0]["url"] == f"{TOOL}/materials/{material.slug}/"
    assert "custom" not in items[0]


def test_deep_linking_one_item_only_when_the_platform_says_so(client, platform, indexed):
    _, launch_id = _picker_launch(client, platform, accept_multiple=False)
    picks = [f"material:{indexed['by'].slug}", f"material:{indexed['by-sa'].slug}"]
    refused = client.post(
        "/lti/deep-link/",
        {"launch_id": launch_id, "action": "return", "pick": picks, "kind": "ltiResourceLink"},
    )
    assert refused.status_code == 400


def test_deep_linking_response_is_single_use(client, platform, indexed):
    _, launch_id = _picker_launch(client, platform)
    data = {
        "launch_id": launch_id,
        "action": "return",
        "pick": [f"material:{indexed['by'].slug}"],
        "kind": "ltiResourceLink",
    }
    assert client.post("/lti/deep-link/", data).status_code == 200
    again = client.post("/lti/deep-link/", data)
    assert again.status_code == 403
    assert b"expired or was used" in again.content


def test_picker_without_a_launch_is_refused(client, db):
    response = client.post("/lti/deep-link/", {"launch_id": "lti1p3-nonce-x", "q": "cells"})
    assert response.status_code == 400
