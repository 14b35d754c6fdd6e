"""Querysets compiled to SQL once per database, then run with new values through ``raw()``.

Building and compiling a queryset costs the ORM about a millisecond (more with a join, an
annotation or a wide model), several times what SQLite then takes to answer a lookup by a
unique key. The material page runs the same few lookups on every request with only a slug or
an id changing, so their SQL is compiled once, with placeholder values, and each request runs
it with its own values: the same SQL the queryset would have run, read into model instances by
``Model.objects.raw`` (field converters applied; annotations become attributes).

Only for querysets of one model without ``select_related`` or ``prefetch_related`` (``raw``
fills neither), whose placeholders each reach the SQL as one parameter, unchanged (an exact
lookup on a text or integer field does that): the first compilation checks the second part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Values no real request passes: each must come out of the compiler exactly once.
_PLACEHOLDERS: dict[type, Callable[[int], Any]] = {
    str: lambda i: f"\x00compiled-query-placeholder-{i}\x00",
    int: lambda i: -(2**62) + 7919 * (i + 1),
}


class CompiledQuery:
    """``CompiledQuery(lambda slug: Material.objects.filter(slug=slug), str)``, then
    ``query.get(slug)`` is what ``queryset.first()`` (without ordering) would return, or
    ``query.all(slug)`` the list of instances."""

    def __init__(self, build: Callable[..., QuerySet], *types: type, using: str = DEFAULT_DB_ALIAS):
        self.build = build
        self.types = types
        self.using = using
        self._compiled: dict[tuple[str, str], tuple[type[Model], str, tuple, list[int]]] = {}

    def _compile(self):
        connection = connections[self.using]
        key = (connection.vendor, connection.settings_dict.get("ENGINE", ""))
        compiled = self._compiled.get(key)
        if compiled is None:
            placeholders = [_PLACEHOLDERS[t](i) for i, t in enumerate(self.types)]
            queryset = self.build(*placeholders)
            if queryset.query.select_related or queryset._prefetch_related_lookups:
                raise ValueError("raw() fills neither select_related nor prefetch_related")
            sql, params = queryset.query.get_compiler(using=self.using).as_sql()
            slots = []
            for placeholder in placeholders:
                found = [i for i, param in enumerate(params) if param == placeholder]
                if len(found) != 1:
                    raise ValueError(
                        f"placeholder {placeholder!r} is in the SQL {len(found)} times"
                    )
                slots.append(found[0])
            compiled = self._compiled[key] = (queryset.model, sql, tuple(params), slots)
        return compiled

    def all(self, *values) -> list:
        model, sql, params, slots = self._compile()
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        return list(model._default_manager.db_manager(self.using).raw(sql, params))

    def get(self, *values):
        found = self.all(*values)
        return found[0] if found else None
