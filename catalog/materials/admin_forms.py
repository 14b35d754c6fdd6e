"""The curator's edit form: it shows effective values and saves corrections as overrides,
so a later harvest refreshes the harvested columns without touching the curator's edits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Material
from .services import CURATOR_EDITABLE_FIELDS, material_curator_edit
from .web_urls import UnsafeURLError, require_web_url


class MaterialCuratorForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._harvested = {}
        if self.instance.pk:
            fresh = Material.objects.get(pk=self.instance.pk)
            self._harvested = {f: getattr(fresh, f) for f in CURATOR_EDITABLE_FIELDS}
            for field in CURATOR_EDITABLE_FIELDS:
                if field in self.fields:
                    self.initial[field] = fresh.effective(field)

    def clean_url(self):
        """Only http(s) links: the URL becomes an ``href`` on the public material page."""
        try:
            return require_web_url(self.cleaned_data.get("url") or "")
        except UnsafeURLError as exc:
            raise ValidationError(str(exc)) from exc

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not instance.pk:
            if commit:
                instance.save()
            return instance
        changes = {}
        for field in CURATOR_EDITABLE_FIELDS:
            if field in self.cleaned_data:
                changes[field] = self.cleaned_data[field]
                setattr(instance, field, self._harvested[field])
        if commit:
            instance.save()
            material_curator_edit(instance, changes)
        return instance
