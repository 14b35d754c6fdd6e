"""The admin avatar is served from our own static files: no request to Gravatar (which would
tell a third party who is signed in) and no Gravatar allowance in the admin's CSP."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_admin_pages_make_no_gravatar_request(client):
    staff = get_user_model().objects.create_superuser("stella", "stella@example.org", "pw")
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"gravatar" not in response.content.lower()
    assert "gravatar" not in response["Content-Security-Policy"].lower()
