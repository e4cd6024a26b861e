"""SQLite refuses UPDATE and DELETE on the audit tables too, as PostgreSQL does (0002, 0006).

The one UPDATE allowed on audit_event is PostgreSQL's: an erasure (redress.retention) that replaces the
personal values of an event and drops its salt, every other column and every other value of its data as
they were. A later migration that makes SQLite rebuild one of these tables (most column changes do) drops
its triggers with the old table and must create them again: tests/audit/test_append_only.py fails if not.
"""

from django.db import migrations

REFUSE = "SELECT RAISE(ABORT, 'redress: {op} on {table} is refused: the audit record is append-only');"

# The event's data without its personal keys, as rows (key, type, value), in the old and the new version.
_PUBLIC = (
    "SELECT key, type, value FROM json_each({side}.data) "
    "WHERE key NOT IN (SELECT value FROM json_each(OLD.personal, '$.keys'))"
)

ERASURE = f"""
    NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.seq = OLD.seq
    AND NEW.kind = OLD.kind AND NEW.actor_kind = OLD.actor_kind AND NEW.actor_id IS OLD.actor_id
    AND NEW.created_at = OLD.created_at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
    AND OLD.personal IS NOT NULL AND NEW.personal IS NOT NULL
    AND json_type(OLD.personal, '$.salt') IS NOT NULL AND json_type(NEW.personal, '$.salt') IS NULL
    AND json_extract(NEW.personal, '$.keys') IS json_extract(OLD.personal, '$.keys')
    AND json_extract(NEW.personal, '$.digest') IS json_extract(OLD.personal, '$.digest')
    AND NOT EXISTS ({_PUBLIC.format(side="OLD")} EXCEPT {_PUBLIC.format(side="NEW")})
    AND NOT EXISTS ({_PUBLIC.format(side="NEW")} EXCEPT {_PUBLIC.format(side="OLD")})
"""

TRIGGERS = {
    "audit_event_no_update": (
        "BEFORE UPDATE ON audit_event FOR EACH ROW WHEN NOT (" + ERASURE + ")",
        REFUSE.format(op="UPDATE", table="audit_event"),
    ),
    "audit_event_no_delete": ("BEFORE DELETE ON audit_event", REFUSE.format(op="DELETE", table="audit_event")),
}
for _table in ("audit_checkpoint", "audit_checkpointhead"):
    for _op in ("UPDATE", "DELETE"):
        TRIGGERS[f"{_table}_no_{_op.lower()}"] = (f"BEFORE {_op} ON {_table}", REFUSE.format(op=_op, table=_table))


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, (when, action) in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {when} BEGIN {action} END")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_checkpoint_signature")]

    operations = [migrations.RunPython(install, uninstall)]
