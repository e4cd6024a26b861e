"""Writing to the audit tables past the database's append-only triggers, as someone who holds the database
would: on PostgreSQL a superuser switching triggers off, on SQLite whoever can write the file dropping them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction


@contextmanager
def past_the_triggers() -> Iterator[Any]:
    """A raw cursor in a transaction where the audit tables take any UPDATE and DELETE; triggers back after."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        yield cursor
        for _name, sql in triggers:
            cursor.execute(sql)
