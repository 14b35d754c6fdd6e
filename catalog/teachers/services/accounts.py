"""Teacher accounts: sign-up (never staff) and the profile."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ..models import TeacherProfile

TEACHERS_GROUP = "Teachers"


@transaction.atomic
def teacher_signup(*, username: str, email: str, password: str, display_name: str = ""):
    """A new teacher account: in the Teachers group, never staff (no Wagtail admin)."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=False
    )
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
    TeacherProfile.objects.create(user=user, display_name=display_name)
    return user


def profile_get_or_create(user) -> TeacherProfile:
    profile, _ = TeacherProfile.objects.get_or_create(user=user)
    return profile


def profile_update(user, *, email: str, display_name: str, school: str, bio: str) -> None:
    profile = profile_get_or_create(user)
    profile.display_name, profile.school, profile.bio = display_name, school, bio
    profile.save()
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
