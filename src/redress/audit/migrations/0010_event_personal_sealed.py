"""The personal values of the events already written sealed like those of new events (audit/sealing.py).

- An event with a salt: the values of its `personal.keys` go into the token (exactly those its digest covers).
- An erased event (no salt): left as it is; its values are the placeholder.
- An event from before the personal values were hashed apart (`personal` NULL, its whole data hashed): its
  personal values (chain.split_personal) are sealed too. Read back they are merged in again, so the event hashes
  as before and `redress audit verify` checks it whole; erasure keeps it as before (it cannot change).

Not atomic: 500 events a transaction, each committed; interrupted, it is run again and carries on (an event
holding a token is skipped; backwards, one without). The database allows no such change to an event (0009), so
each transaction switches the UPDATE rule of audit_event off and on again inside itself: no other connection
ever sees the table without it (PostgreSQL: ALTER TABLE … DISABLE TRIGGER, which makes appends wait for the
batch's commit; SQLite: the trigger dropped and made again).
"""

import json
from contextlib import contextmanager

from django.db import migrations, transaction

BATCH = 500


@contextmanager
def _update_rule_off(cursor, vendor):
    if vendor == "postgresql":
        cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        yield
        cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
        return
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_event_no_update'")
    saved = [sql for (sql,) in cursor.fetchall()]
    cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    yield
    for sql in saved:
        cursor.execute(sql)


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _sealed(kind, data, personal):
    """The stored form of one event's data, or None if it stays as it is."""
    from redress.audit.chain import split_personal
    from redress.audit.sealing import SEALED, seal_keys

    if not isinstance(data, dict) or SEALED in data:
        return None
    if personal is None:
        keys = split_personal(kind, data)[1]
    elif "salt" in personal:
        keys = personal.get("keys") or []
    else:
        return None  # erased
    stored = seal_keys(data, keys)
    return stored if stored is not data else None


def _unsealed(kind, data, personal):
    from redress.audit.sealing import SEALED, unseal

    return unseal(data) if isinstance(data, dict) and SEALED in data else None


def _rewrite(change):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        vendor = connection.vendor
        value = "CAST(%s AS jsonb)" if vendor == "postgresql" else "%s"
        last = 0
        while True:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, kind, data, personal FROM audit_event WHERE id > %s ORDER BY id LIMIT %s",
                    [last, BATCH],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                changed = [
                    (new, pk)
                    for pk, kind, data, personal in rows
                    if (new := change(kind, _json(data), _json(personal))) is not None
                ]
                if changed:
                    with _update_rule_off(cursor, vendor):
                        for new, pk in changed:
                            cursor.execute(
                                f"UPDATE audit_event SET data = {value} WHERE id = %s",  # noqa: S608
                                [json.dumps(new, ensure_ascii=False), pk],
                            )
                last = rows[-1][0]

    return run


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0009_event_data_sealed_rekey_allowed")]

    operations = [migrations.RunPython(_rewrite(_sealed), _rewrite(_unsealed))]
