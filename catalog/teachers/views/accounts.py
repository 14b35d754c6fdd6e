"""Sign up and profile. Sign in/out and password reset are Django's auth views (urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .. import selectors
from ..forms import ProfileForm, SignUpForm
from ..services.accounts import profile_get_or_create, profile_update, teacher_signup
from ..services.moderation import can_moderate


def signup(request):
    if request.user.is_authenticated:
        return redirect("teachers:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = teacher_signup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("teachers:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    current = profile_get_or_create(request.user)
    initial = {
        "email": request.user.email,
        "display_name": current.display_name,
        "school": current.school,
        "bio": current.bio,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(request.user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("teachers:profile")
    return render(request, "teachers/profile.html", {"form": form})


@login_required
def dashboard(request):
    return render(
        request,
        "teachers/dashboard.html",
        {
            "collections": selectors.collections_of(request.user),
            "adaptations": selectors.adaptations_of(request.user),
            "can_moderate": can_moderate(request.user),
        },
    )


def locked_out(request, response=None, credentials=None):
    """The page django-axes shows (settings.AXES_LOCKOUT_CALLABLE) when a username has failed
    to sign in too often from one address, on the teachers' and the admin login alike."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/lockout.html", {"minutes": minutes}, status=429)


_password_reset_by_mail = auth_views.PasswordResetView.as_view(
    success_url="/accounts/password/reset/sent/",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)


def password_reset(request):
    """Reset by mail, or a page that says this site sends no mail (OER_EMAIL_DISABLED) instead
    of pretending a link is on its way."""
    if settings.OER_EMAIL_DISABLED:
        return render(request, "registration/password_reset_unavailable.html", status=503)
    return _password_reset_by_mail(request)
