"""The approved list's page form in the Wagtail editor: grades chosen by name ("Pre-K",
"Kindergarten", "Grade 3"), not typed as integers, and the subject chosen from the subjects
the catalog's materials carry (in words, as the search page shows them)."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from catalog.materials.models import Material
from catalog.vocabulary import subject_label

GRADE_CHOICES = [(-1, "Pre-K"), (0, "Kindergarten"), *[(n, f"Grade {n}") for n in range(1, 13)]]


def subject_choices(current: str = "") -> list[tuple[str, str]]:
    """Subjects the catalog's materials carry, in words, sorted; ``current`` kept when the
    catalog no longer has it (a list outlives its materials' metadata)."""
    labels = set()
    for subjects in Material.objects.values_list("subjects", flat=True).distinct():
        labels.update(subject_label(s) for s in subjects or [] if isinstance(s, str))
    labels.discard("")
    if current:
        labels.add(current)
    return [(label, label) for label in sorted(labels, key=str.lower)]


class ApprovedListPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("grade_min", "Lowest grade"), ("grade_max", "Highest grade")):
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=GRADE_CHOICES, coerce=int, initial=field.initial
            )
        current = self.initial.get("subject") or ""
        self.fields["subject"] = forms.ChoiceField(
            label="Subject",
            choices=[("", "Choose a subject"), *subject_choices(current)],
            help_text="The subjects the catalog's materials are tagged with",
        )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("grade_min"), cleaned.get("grade_max")
        if low is not None and high is not None and low > high:
            self.add_error("grade_max", "The highest grade must not be below the lowest.")
        return cleaned
