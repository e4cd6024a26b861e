"""An event's personal values sealed in its data (audit/sealing.py), and the database's append-only rule for
audit_event widened by exactly the change a key rotation makes: the token swapped, nothing else.

Two UPDATEs are allowed, on PostgreSQL and on SQLite alike; every column but `data` (and `personal` for an
erasure) as it was:
- an erasure (as in 0006/0008): the personal values replaced, the salt dropped, and now the token dropped too,
  every public value of the data as it was;
- a re-encryption (`redress keys rotate`): `personal` unchanged, a token before and after, every other value
  of the data as it was.
The database cannot tell what a token holds: `redress audit verify` decrypts it and checks it against the
event's digest (or, for an event from before the personal values were hashed apart, its hash).
"""

from importlib import import_module

from django.db import migrations

import redress.audit.sealing

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION redress_audit_event_erase_or_rekey() RETURNS trigger AS $$
DECLARE
    personal_keys text[];
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.seq = OLD.seq
        AND NEW.kind = OLD.kind AND NEW.actor_kind = OLD.actor_kind
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
        AND NEW.created_at = OLD.created_at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
    THEN
        IF OLD.personal IS NOT NULL AND NEW.personal IS NOT NULL
            AND jsonb_exists(OLD.personal, 'salt') AND NOT jsonb_exists(NEW.personal, 'salt')
            AND NEW.personal -> 'keys' = OLD.personal -> 'keys'
            AND NEW.personal -> 'digest' = OLD.personal -> 'digest'
            AND NOT jsonb_exists(NEW.data, '_sealed')
        THEN
            personal_keys := ARRAY(SELECT jsonb_array_elements_text(OLD.personal -> 'keys')) || '_sealed'::text;
            IF NEW.data - personal_keys = OLD.data - personal_keys THEN
                RETURN NEW;
            END IF;
        END IF;
        IF NEW.personal IS NOT DISTINCT FROM OLD.personal
            AND jsonb_typeof(OLD.data -> '_sealed') = 'string' AND jsonb_typeof(NEW.data -> '_sealed') = 'string'
            AND NEW.data - '_sealed'::text = OLD.data - '_sealed'::text
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'redress: %% on %% is refused: the audit record is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _pg_trigger(schema_editor, function):
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
    schema_editor.execute(
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


SAME_COLUMNS = """
    NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.seq = OLD.seq
    AND NEW.kind = OLD.kind AND NEW.actor_kind = OLD.actor_kind AND NEW.actor_id IS OLD.actor_id
    AND NEW.created_at = OLD.created_at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
"""


def _same_rows(left, right):
    return f"NOT EXISTS ({left} EXCEPT {right}) AND NOT EXISTS ({right} EXCEPT {left})"


# The data's values but the personal ones and the token, as rows (key, type, value), old and new.
_PUBLIC = (
    "SELECT key, type, value FROM json_each({side}.data) "
    "WHERE key <> '_sealed' AND key NOT IN (SELECT value FROM json_each(OLD.personal, '$.keys'))"
)
# The data's values but the token.
_UNSEALED = "SELECT key, type, value FROM json_each({side}.data) WHERE key <> '_sealed'"

ERASURE = f"""
    OLD.personal IS NOT NULL AND NEW.personal IS NOT NULL
    AND json_type(OLD.personal, '$.salt') IS NOT NULL AND json_type(NEW.personal, '$.salt') IS NULL
    AND json_extract(NEW.personal, '$.keys') IS json_extract(OLD.personal, '$.keys')
    AND json_extract(NEW.personal, '$.digest') IS json_extract(OLD.personal, '$.digest')
    AND json_type(NEW.data, '$._sealed') IS NULL
    AND {_same_rows(_PUBLIC.format(side="OLD"), _PUBLIC.format(side="NEW"))}
"""

REKEY = f"""
    NEW.personal IS OLD.personal
    AND json_type(OLD.data, '$._sealed') = 'text' AND json_type(NEW.data, '$._sealed') = 'text'
    AND {_same_rows(_UNSEALED.format(side="OLD"), _UNSEALED.format(side="NEW"))}
"""

SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW "
    f"WHEN NOT ({SAME_COLUMNS} AND (({ERASURE}) OR ({REKEY}))) "
    "BEGIN SELECT RAISE(ABORT, 'redress: UPDATE on audit_event is refused: the audit record is append-only'); END"
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        _pg_trigger(schema_editor, "redress_audit_event_erase_or_rekey")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        schema_editor.execute(SQLITE_TRIGGER)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _pg_trigger(schema_editor, "redress_audit_event_erase_only")
        schema_editor.execute("DROP FUNCTION IF EXISTS redress_audit_event_erase_or_rekey()")
    elif schema_editor.connection.vendor == "sqlite":
        when, action = import_module("redress.audit.migrations.0008_sqlite_append_only").TRIGGERS[
            "audit_event_no_update"
        ]
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        schema_editor.execute(f"CREATE TRIGGER audit_event_no_update {when} BEGIN {action} END")


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_sqlite_append_only")]

    operations = [
        # The column stays JSON: in the state only, or SQLite would make the table again without its triggers.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event", name="data", field=redress.audit.sealing.SealedData(default=dict)
                )
            ]
        ),
        migrations.RunPython(install, uninstall),
    ]
