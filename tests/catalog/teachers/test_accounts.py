"""Accounts: sign up, sign in and out, password reset by email, profile; no Wagtail admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-pass-42"


def test_sign_up_creates_a_teacher_who_is_not_staff_and_is_signed_in(client):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200 and b'for="id_username"' in page.content
    response = client.post(
        "/accounts/signup/",
        {
            "username": "maria",
            "email": "maria@example.org",
            "display_name": "Ms. Maria",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/my/"
    user = get_user_model().objects.get(username="maria")
    assert not user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Teachers").exists()
    assert user.teacher_profile.display_name == "Ms. Maria"
    assert client.get("/my/").status_code == 200


def test_sign_up_refuses_a_taken_email_and_weak_password(client, teacher):
    response = client.post(
        "/accounts/signup/",
        {"username": "x1", "email": teacher.email, "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert not get_user_model().objects.filter(username="x1").exists()


def test_sign_in_and_out(client, teacher):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "pw-Str0ng-enough!", "next": "/my/"}
    )
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 200
    assert client.get("/my/").status_code == 302


def test_a_site_without_mail_says_so_instead_of_sending_nothing(client, teacher, settings):
    settings.OER_EMAIL_DISABLED = True
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 503 and b"does not send email" in page.content
    response = client.post("/accounts/password/reset/", {"email": teacher.email})
    assert response.status_code == 503 and not mail.outbox


def test_password_reset_by_email(client, teacher):
    response = client.post("/accounts/password/reset/", {"email": teacher.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and b"new password" in form.content.lower()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"new_password1": PASSWORD + "x", "new_password2": PASSWORD + "x"},
    )
    assert done.status_code == 302
    signed_in = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD + "x"})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_profile_edit(ana, teacher):
    assert ana.get("/accounts/profile/").status_code == 200
    response = ana.post(
        "/accounts/profile/",
        {"email": "new@example.org", "display_name": "Ana B.", "school": "Lincoln MS", "bio": ""},
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.email == "new@example.org"
    assert teacher.teacher_profile.school == "Lincoln MS"


def test_teachers_never_reach_the_wagtail_admin(ana):
    response = ana.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert ana.get("/admin/snippets/").status_code in (302, 403)


def test_pages_require_sign_in(client):
    for url in ("/my/", "/accounts/profile/", "/collections/new/", "/moderation/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
