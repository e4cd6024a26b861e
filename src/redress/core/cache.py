"""The shared cache when no Redis is named: Django's database cache, with a counter that holds across processes.

Django's `DatabaseCache.incr` reads the value and writes it back: two processes counting at once
both read 5 and both write 6, so a limit of 10 lets more through. Rate limits and sign-in
lockouts count with `incr`, so here it locks the row while it adds (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction already holds the database's write lock).
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s{lock}",  # noqa: S608 (quoted name)
                [cache_key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(str(row[0]).encode()))  # noqa: S301 (our own table)
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, cache_key])  # noqa: S608
        return int(new_value)


def create_cache_table(*, app_config: Any, using: str, **_: Any) -> None:
    """After `migrate`: the database cache's table, if the settings use one (nothing when it exists or on Redis)."""
    from django.core.management import call_command

    if app_config.label != "contenttypes":  # the signal comes once per app: act once per migrate
        return
    call_command("createcachetable", database=using, verbosity=0)
