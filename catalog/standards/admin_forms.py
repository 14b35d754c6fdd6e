"""The item chooser's search: by any code (dot notation, short code, ASN id, GUID, URI) or
words of the statement, with the ORM (items are bulk-imported, so they are not in Wagtail's
search index)."""

from __future__ import annotations

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin

from .selectors import item_search


class ItemSearchFilterForm(SearchFilterMixin, BaseFilterForm):
    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if not query:
            return objects.filter(retired=False)
        self.is_searching = True
        self.search_query = query
        ids = [item.pk for item in item_search(query, limit=200)]
        return objects.filter(pk__in=ids)
