"""The admin's source form: only http(s) endpoints. A local file path would let anyone with
admin access make the server read its own files; paths stay a command-line-only choice
(``manage.py harvest_source add``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm


def require_http_url(value: str) -> str:
    """``value`` stripped, if it is an http or https URL with a host; else ValidationError."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            "Enter an http:// or https:// URL. Local files can be harvested only from the "
            "command line (manage.py harvest_source add NAME --type csv --url PATH)."
        )
    return value


class HarvestSourceForm(WagtailAdminModelForm):
    def clean_base_url(self):
        return require_http_url(self.cleaned_data.get("base_url"))
