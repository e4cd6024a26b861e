"""Where queries go when a read replica is configured (`DATABASE_REPLICA_URL`).

Reads of the analytics app's tables, and every read made inside `redress.core.replica.reading_replica()`
(the analytics selectors wrap their reads of complaints and deadlines in it), go to the `replica` alias;
everything else, and every write, to `default`. A read made while `default` is inside a transaction stays
on `default`: the transaction may have written what it reads, and the replica has not seen it yet (so a
service that updates the daily aggregates reads them where it writes them). Migrations run on `default`
only: the replica is a copy of it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from redress.core.replica import REPLICA, replica_requested

ANALYTICS_APP_LABEL = "analytics"


class AnalyticsReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if REPLICA not in settings.DATABASES:
            return None
        if not (replica_requested() or model._meta.app_label == ANALYTICS_APP_LABEL):
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
