"""Insert plain rows (dicts of field name → Python value) without building model instances.

Django's ``bulk_create`` builds a model instance per row and runs its SQL compiler over every
field of every row; for a harvest of a million records that is most of the time spent. This
inserts the same rows with one multi-row ``INSERT`` per batch, converting each value with the
field's own database preparation (so JSON, dates and foreign keys are stored exactly as the ORM
stores them), on SQLite and PostgreSQL alike. Defaults, ``auto_now`` and ``auto_now_add`` are
applied as the ORM applies them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

_MISSING = object()


class RowInserter:
    """Inserts rows into ``model``'s table. One instance per model; reusable."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [
            f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)
        ]
        self.pk_column = model._meta.pk.column
        self.converters = [_converter(f) for f in self.fields]  # fixed per field: made once

    def _columns(self) -> list[tuple]:
        """(field, row key, default, converter) per column; defaults are made per insert."""
        now = timezone.now()
        out = []
        for field, convert in zip(self.fields, self.converters, strict=True):
            name = field.name if not field.is_relation else field.attname
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = now
            elif field.has_default() or field.null or not field.is_relation:
                default = field.get_default()
            else:
                default = _MISSING
            out.append((field, name, default, convert))
        return out

    def insert(
        self,
        rows: Sequence[dict],
        *,
        returning: bool = False,
        ignore_conflicts: bool = False,
    ) -> list[int]:
        """Insert ``rows``; with ``returning``, their new primary keys in row order."""
        if not rows:
            return []
        columns = self._columns()
        ops = connection.ops
        table = ops.quote_name(self.model._meta.db_table)
        names = ", ".join(ops.quote_name(c[0].column) for c in columns)
        prepared: list[list] = []
        # Per column, the last value converted and its result: a batch shares its defaults and
        # timestamps, so most conversions are done once per batch, not once per row.
        last: list[tuple] = [(_MISSING, None)] * len(columns)
        for row in rows:
            values = []
            for i, (field, name, default, prep) in enumerate(columns):
                value = row.get(name, default)
                if value is _MISSING:
                    raise ValueError(f"{self.model.__name__}.{field.name} is required")
                if prep is not None and value is not None:
                    seen, converted = last[i]
                    if value is not seen:
                        converted = prep(value)
                        last[i] = (value, converted)
                    value = converted
                values.append(value)
            prepared.append(values)
        batch = max(1, ops.bulk_batch_size([c[0] for c in columns], prepared))
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        suffix = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        if returning:
            suffix += f" RETURNING {ops.quote_name(self.pk_column)}"
        ids: list[int] = []
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), batch):
                chunk = prepared[start : start + batch]
                # Table and column names come from the model's meta; values are parameters.
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
                cursor.execute(sql + suffix, [v for values in chunk for v in values])
                if returning:
                    ids.extend(r[0] for r in cursor.fetchall())
        return ids


# Fields whose Python values the database drivers take as they are (str, int, bool).
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _converter(field: models.Field):
    """How a Python value becomes a parameter: None when the driver takes it as it is."""
    if isinstance(field, _PLAIN_FIELDS):
        return None
    if isinstance(field, models.JSONField) and field.encoder is None:
        # What JSONField stores, without its per-value adapter chain; the column type (json on
        # SQLite, jsonb on PostgreSQL) takes the text as it is.
        return json.dumps
    if isinstance(field, models.DateTimeField):  # the calling thread's connection, at call time
        return lambda value: connection.ops.adapt_datetimefield_value(value)
    return lambda value: field.get_db_prep_save(value, connection)


_inserters: dict[type, RowInserter] = {}


def insert_rows(model: type[models.Model], rows: Sequence[dict], **kwargs) -> list[int]:
    inserter = _inserters.get(model)
    if inserter is None:
        inserter = _inserters[model] = RowInserter(model)
    return inserter.insert(rows, **kwargs)
