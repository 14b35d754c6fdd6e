"""Admin forms: they parse input only; the views hand the cleaned data to services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from catalog.materials.models import Material
from catalog.text_validators import reject_control_characters, reject_control_characters_in_line

from .models.entries import Decision
from .models.rubrics import SCORE_LABELS

NA = "na"


class NominateForm(forms.Form):
    material = forms.CharField(
        label="Material", help_text="The material's slug, its URL on this site, or its id"
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_material(self):
        value = self.cleaned_data["material"].strip().rstrip("/").rsplit("/", 1)[-1]
        query = Q(slug=value) | (Q(pk=int(value)) if value.isdigit() else Q(pk=None))
        material = Material.objects.filter(query).first()
        if material is None:
            raise forms.ValidationError("No material has that slug or id.")
        return material


def reviewer_choices():
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    return [u for u in users if u.has_perm("lists.review_listentry")]


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in reviewer_choices()]
        self.fields["reviewers"].queryset = get_user_model().objects.filter(pk__in=ids)


class ScoreForm(forms.Form):
    """One score (0–3 or N/A) and one comment per criterion of the rubric."""

    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [("", "—"), *[(str(s), f"{s} – {SCORE_LABELS[s]}") for s in (3, 2, 1, 0)]]
        choices.append((NA, "Not applicable"))
        for c in self.criteria:
            self.fields[f"score_{c.number}"] = forms.ChoiceField(
                label=f"{c.number}. {c.title}", choices=choices, help_text=c.description
            )
            self.fields[f"comment_{c.number}"] = forms.CharField(
                label=f"Comment on {c.number}", widget=forms.Textarea(attrs={"rows": 2})
            )

    def scores(self) -> dict:
        out = {}
        for c in self.criteria:
            raw = self.cleaned_data[f"score_{c.number}"]
            out[c.number] = (
                None if raw == NA else int(raw),
                self.cleaned_data[f"comment_{c.number}"],
            )
        return out


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    tier = forms.CharField(required=False, max_length=50)
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    public_rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    internal_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PublishForm(forms.Form):
    note = forms.CharField(required=False, max_length=500, label="Note for this version")


class PublicCommentForm(forms.Form):
    """A member of the public's comment on one entry under review. ``entries`` are the
    entries open for comment: any other id (or no number at all) is a form error."""

    entry = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose a material under review on this list.",
            "invalid_choice": "Choose a material under review on this list.",
        },
    )
    name = forms.CharField(max_length=100, validators=[reject_control_characters_in_line])
    email = forms.EmailField(
        required=False,
        label="E-mail (not shown)",
        validators=[reject_control_characters_in_line],
    )
    body = forms.CharField(
        label="Comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
