"""Personal values of an event hashed through a digest; on PostgreSQL the one UPDATE allowed on
audit_event is their erasure: the values replaced, the salt dropped, every other column as it was."""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION redress_audit_event_erase_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.seq = OLD.seq
        AND NEW.kind = OLD.kind AND NEW.actor_kind = OLD.actor_kind
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
        AND NEW.created_at = OLD.created_at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
        AND OLD.personal IS NOT NULL AND NEW.personal IS NOT NULL
        AND jsonb_exists(OLD.personal, 'salt') AND NOT jsonb_exists(NEW.personal, 'salt')
        AND NEW.personal -> 'keys' = OLD.personal -> 'keys'
        AND NEW.personal -> 'digest' = OLD.personal -> 'digest'
        AND NEW.data - ARRAY(SELECT jsonb_array_elements_text(OLD.personal -> 'keys'))
            = OLD.data - ARRAY(SELECT jsonb_array_elements_text(OLD.personal -> 'keys'))
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'redress: %% on %% is refused: the audit record is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
    schema_editor.execute(
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION redress_audit_event_erase_only()"
    )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
    schema_editor.execute(
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION redress_audit_append_only()"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS redress_audit_event_erase_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_event_actor_partial_index")]

    operations = [
        migrations.AddField(model_name="event", name="personal", field=models.JSONField(blank=True, null=True)),
        migrations.RunPython(install, uninstall),
    ]
