"""``catalog.lti.launch``: the session pylti1p3 fetches platform keys with."""

from __future__ import annotations

from catalog.http import USER_AGENT, user_agent
from catalog.lti.launch import http_session
from harvesters.testing.replay import ReplayServer, Reply


def test_platform_keys_are_fetched_with_the_projects_user_agent():
    with ReplayServer() as server:
        server.add({}, Reply(b'{"keys": []}', content_type="application/json"), path="/jwks")
        session = http_session()
        assert session.get(f"{server.base()}/jwks").json() == {"keys": []}
    [request] = server.requests
    assert request["headers"]["User-Agent"] == user_agent("lti")
    assert user_agent("lti").startswith(USER_AGENT)
