"""The tool's keys (rotation keeps the previous key published until retired), the platform
registration command, and framing headers for registered platforms only."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from catalog.lti.keys import lti_key_retire, lti_key_rotate, signing_key
from catalog.lti.models import LtiKey, LtiPlatform

from .platform import Platform

pytestmark = pytest.mark.django_db


def _deep_link_jwt(client, platform, slug: str) -> str:
    response, _ = platform.launch(client, deep_link=True)
    launch_id = re.search(rb'name="launch_id" value="([^"]+)"', response.content).group(1)
    picked = client.post(
        "/lti/deep-link/",
        {
            "launch_id": launch_id.decode(),
            "action": "return",
            "pick": [f"material:{slug}"],
            "kind": "ltiResourceLink",
        },
    )
    return re.search(r'name="JWT" value="([^"]+)"', picked.content.decode()).group(1)


def test_rotation_keeps_the_old_key_verifying_until_retired(client, platform, material):
    old_kid = signing_key().kid
    signed_before = _deep_link_jwt(client, platform, material.slug)

    new = lti_key_rotate()
    jwks = client.get("/lti/jwks/").json()
    assert [k["kid"] for k in jwks["keys"]] == [new.kid, old_kid]
    assert all("d" not in k and "p" not in k for k in jwks["keys"])  # public parts only
    # A response signed just before the rotation still verifies; new ones use the new key.
    assert platform.validate_deep_linking_response(jwks, signed_before)
    signed_after = _deep_link_jwt(client, platform, material.slug)
    assert platform.validate_deep_linking_response(jwks, signed_after)

    lti_key_retire(old_kid)
    jwks = client.get("/lti/jwks/").json()
    assert [k["kid"] for k in jwks["keys"]] == [new.kid]
    with pytest.raises(Exception, match="Unable to find public key"):
        platform.validate_deep_linking_response(jwks, signed_before)


def test_the_active_key_cannot_be_retired(db):
    key = lti_key_rotate()
    with pytest.raises(ValueError):
        lti_key_retire(key.kid)


def test_private_keys_are_stored_encrypted(db):
    key = lti_key_rotate()
    assert "PRIVATE KEY" not in key.private_key_encrypted
    assert "PRIVATE KEY" in signing_key().private_pem
    assert "PRIVATE" not in repr(key) and "PRIVATE" not in repr(signing_key())


def test_platform_command_add_list_remove(db, tmp_path, capsys):
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(__import__("json").dumps(Platform.create().jwks()))
    call_command(
        "lti",
        "platform",
        "add",
        "--name",
        "Moodle",
        "--issuer",
        "https://moodle.example.org",
        "--client-id",
        "abc",
        "--deployment-id",
        "1",
        "--deployment-id",
        "2",
        "--auth-login-url",
        "https://moodle.example.org/mod/lti/auth.php",
        "--jwks-file",
        str(jwks_file),
    )
    platform = LtiPlatform.objects.get(issuer="https://moodle.example.org")
    assert platform.deployment_id_list == ["1", "2"]
    call_command("lti", "platform", "list")
    assert "https://moodle.example.org\tabc\t1,2\tenabled" in capsys.readouterr().out
    call_command("lti", "platform", "remove", str(platform.pk))
    assert not LtiPlatform.objects.exists()


def test_keys_command_rotates(db):
    call_command("lti", "keys", "rotate")
    call_command("lti", "keys", "rotate")
    assert LtiKey.objects.count() == 2
    assert LtiKey.objects.filter(active=True).count() == 1


def test_lti_pages_may_be_framed_by_registered_platforms_only(client, platform, material, settings):
    settings.X_FRAME_OPTIONS = "DENY"
    LtiPlatform.objects.create(
        name="Off",
        issuer="https://disabled.example",
        client_id="x",
        deployment_ids="1",
        auth_login_url="https://disabled.example/auth",
        public_jwks={"keys": []},
        enabled=False,
    )
    LtiPlatform.objects.filter(issuer=platform.issuer).update(
        frame_origins="https://school.instructure.example"
    )
    response, _ = platform.launch(client, custom={"target": f"material:{material.slug}"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", csp).group(1).split()
    assert ancestors == ["'self'", "https://lms.example.edu", "https://school.instructure.example"]

    # The rest of the site stays unframeable.
    page = client.get(f"/materials/{material.slug}/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]
    assert "lms.example.edu" not in page["Content-Security-Policy"]
