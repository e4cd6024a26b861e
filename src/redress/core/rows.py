"""New rows written with a statement built once per model, for the paths that write many of them.

`Model.objects.create()` and `bulk_create()` rebuild their INSERT at every call (every column name
quoted, a placeholder chosen per value, the values prepared through several layers): about half a
millisecond of CPU per row here, and a registration writes six to ten rows. `insert()` builds each
model's statement once per process and prepares every value exactly as Django does when it saves
(`pre_save` with add=True, then `get_db_prep_save`: defaults, `auto_now_add`, encryption, JSON, time
zones), sends one INSERT for all the objects given, and sets their primary keys from `RETURNING`.

What it leaves out, so use it only where none of that is wanted: model signals (`pre_save`,
`post_save`), a `save()` of the model's own, and the check that related objects were saved first.
The objects must be new (no primary key yet) and of one model.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model


@cache
def _columns(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    meta = model._meta
    return tuple(f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated)


@cache
def _statement(model: type[Model], vendor: str, rows: int) -> str:
    """INSERT … VALUES (…)×rows RETURNING pk, in the database's quoting (vendor is part of the key)."""
    meta = model._meta
    quote = connections[router.db_for_write(model)].ops.quote_name
    fields = _columns(model)
    # Identifiers are quoted by the backend; values are always parameters.
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    return "INSERT INTO " + table + " (" + columns + ") VALUES " + values + " RETURNING " + pk  # noqa: S608


def insert(*objs: Model) -> None:
    """INSERT the new objects (one model) in one statement; each gets its primary key."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _columns(model)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, connection.vendor, len(objs)), params)
        keys = cursor.fetchall()
    for obj, (pk,) in zip(objs, keys, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias
