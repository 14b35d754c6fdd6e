"""The curator's edit form: it shows effective values and saves corrections as overrides,
so a later harvest refreshes the harvested columns without touching the curator's edits.

It carries what the curator loaded (a hidden ``loaded_state``): if someone else (another
curator, or a harvest) changed a field since, the save is refused with the list of those
fields, instead of silently putting the old values back. Saving goes through
``material_curate``, which re-checks under a row lock and announces the change to search.
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Material
from .services.curation import (
    CURATION_FIELDS,
    CURATOR_EDITABLE_FIELDS,
    material_curate,
    material_curation_conflicts,
    material_curation_state,
)
from .web_urls import UnsafeURLError, require_web_url


def _state_json(material: Material) -> str:
    return json.dumps(material_curation_state(material), cls=DjangoJSONEncoder)


def _shown(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    if value in ("", None):
        return "(empty)"
    return str(value)


class MaterialCuratorForm(WagtailAdminModelForm):
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._harvested = {}
        if self.instance.pk:
            fresh = Material.objects.get(pk=self.instance.pk)
            self._harvested = {f: getattr(fresh, f) for f in CURATOR_EDITABLE_FIELDS}
            for field in CURATOR_EDITABLE_FIELDS:
                if field in self.fields:
                    self.initial[field] = fresh.effective(field)
            self.initial["loaded_state"] = _state_json(fresh)

    def clean_url(self):
        """Only http(s) links: the URL becomes an ``href`` on the public material page."""
        try:
            return require_web_url(self.cleaned_data.get("url") or "")
        except UnsafeURLError as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            current = Material.objects.get(pk=self.instance.pk)
            conflicts = material_curation_conflicts(current, self._changes(), self._expected())
            if conflicts:
                # Saving again (having seen the stored values) replaces them deliberately.
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_state")] = _state_json(current)
                raise ValidationError(
                    [
                        "Someone else changed this material since you opened it; nothing was "
                        "saved. Check the values now stored, then save again to replace them."
                    ]
                    + [
                        f"{self._label(c.field)}: yours “{_shown(c.yours)}”, "
                        f"now stored “{_shown(c.stored)}”."
                        for c in conflicts
                    ]
                )
        return cleaned

    def _label(self, field: str) -> str:
        return str(self.fields[field].label) if field in self.fields else field

    def _changes(self) -> dict:
        return {
            f: self.cleaned_data[f]
            for f in (*CURATOR_EDITABLE_FIELDS, *CURATION_FIELDS)
            if f in self.cleaned_data
        }

    def _expected(self) -> dict:
        """The state the curator loaded; none (no check) when the form did not carry it."""
        try:
            state = json.loads(self.cleaned_data.get("loaded_state") or "{}")
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not instance.pk:
            if commit:
                instance.save()
            return instance
        changes = self._changes()
        for field in CURATOR_EDITABLE_FIELDS:
            if field in changes:
                setattr(instance, field, self._harvested[field])
        if commit:
            material_curate(instance, changes, user=self.for_user, expected=self._expected())
        return instance
