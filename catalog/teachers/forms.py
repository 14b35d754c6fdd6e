"""Forms of the public teacher pages. Labels and help texts are what screen readers announce."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from catalog.materials.grades import LABELS

from .models import Visibility

GRADE_CHOICES = [(code, LABELS.get(code, code)) for code in ("PK", "K", *map(str, range(1, 13)))]


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Used only to reset your password.",
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        max_length=150, required=False, help_text="Shown as the author of what you publish."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email


class ProfileForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput({"autocomplete": "email"}))
    display_name = forms.CharField(
        max_length=150, required=False, help_text="Shown as the author of what you publish."
    )
    school = forms.CharField(max_length=200, required=False)
    bio = forms.CharField(widget=forms.Textarea({"rows": 4}), required=False, label="About you")


class CollectionForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea({"rows": 3}), required=False)
    visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.PRIVATE, widget=forms.RadioSelect
    )


class SaveToCollectionForm(forms.Form):
    collection = forms.ChoiceField(required=False, label="Collection")
    new_title = forms.CharField(max_length=200, required=False, label="Or a new collection named")
    note = forms.CharField(max_length=1000, required=False, label="Note (optional)")

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", "—")] + [
            (str(c.token), c.title) for c in collections
        ]

    def clean(self):
        data = super().clean()
        if not data.get("collection") and not data.get("new_title", "").strip():
            raise forms.ValidationError("Choose a collection or name a new one.")
        return data


class ItemNoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea({"rows": 2}), required=False)


class AdaptationForm(forms.Form):
    title = forms.CharField(max_length=500)
    description = forms.CharField(widget=forms.Textarea({"rows": 4}), required=False)
    grades = forms.MultipleChoiceField(
        choices=GRADE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    standards = forms.CharField(
        widget=forms.Textarea({"rows": 3}),
        required=False,
        label="Standards",
        help_text="One standard per line: a code (e.g. CCSS.Math.Content.6.RP.A.1), URI or GUID.",
    )
    body = forms.CharField(
        widget=forms.Textarea({"rows": 14}),
        required=False,
        label="Your version",
        help_text="Adapted instructions, added activities, notes for students.",
    )
    changes_summary = forms.CharField(
        max_length=500,
        required=False,
        label="What you changed",
        help_text="One sentence; it becomes part of the attribution (modification notice).",
    )
    license = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="License of your version",
        help_text="Only the licenses the sources allow are offered.",
    )

    def __init__(self, *args, licenses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.licenses = {str(lic.pk): lic for lic in licenses}
        self.fields["license"].choices = [(str(lic.pk), str(lic)) for lic in licenses]

    def clean_license(self):
        return self.licenses[self.cleaned_data["license"]]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve and publish"), ("send_back", "Send back for changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        widget=forms.Textarea({"rows": 3}),
        required=False,
        help_text="Required when sending back: tell the teacher what to change.",
    )
