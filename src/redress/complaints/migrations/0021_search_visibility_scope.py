"""Search narrowed to what a handler may see in the index itself (issue 16 §5): each search document carries
its complaint's department and assignee (what `restrict` reads for a handler).

PostgreSQL: the GIN index over the document becomes one over (department_id, assignee_id, document), with the
btree_gin extension for the two integer columns, so "this department's (or this person's) complaints with
these words" is one index scan instead of every match ranked and then joined to be filtered. The old index is
dropped first, so filling the new columns does not update it row by row.

SQLite: the FTS5 table follows only the texts (`main`, `extra`): its update trigger now fires on those columns
alone, so copying a department is not a delete and insert of the complaint's words.

Existing documents get their complaint's department and assignee; complaints without one (a database that
had complaints before 0016) are indexed here, by the app's own indexing code.
"""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

PG_OLD_INDEX = "CREATE INDEX complaint_search_document ON complaints_complaintsearch USING gin (document)"
PG_NEW_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    # The documents just written (`fill`) check their complaint at commit: now, as an index is not made on a
    # table with checks pending.
    "SET CONSTRAINTS ALL IMMEDIATE",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CREATE INDEX complaint_search_scope_document ON complaints_complaintsearch"
    " USING gin (department_id, assignee_id, document)",
]
SQLITE_TEXT_TRIGGER = """CREATE TRIGGER complaints_search_au AFTER UPDATE OF main, extra ON complaints_complaintsearch
    BEGIN
        DELETE FROM complaints_search_fts WHERE rowid = old.complaint_id;
        INSERT INTO complaints_search_fts(rowid, main, extra) VALUES (new.complaint_id, new.main, new.extra);
    END"""
SQLITE_ANY_TRIGGER = SQLITE_TEXT_TRIGGER.replace("AFTER UPDATE OF main, extra ON", "AFTER UPDATE ON")
# The columns are new (NULL): only the documents of complaints with a department or an assignee change.
COPY_SCOPE = {
    "postgresql": """UPDATE complaints_complaintsearch AS s
        SET department_id = c.department_id, assignee_id = c.assignee_id
        FROM complaints_complaint AS c
        WHERE c.id = s.complaint_id AND (c.department_id IS NOT NULL OR c.assignee_id IS NOT NULL)""",
    "sqlite": """UPDATE complaints_complaintsearch
        SET department_id = c.department_id, assignee_id = c.assignee_id
        FROM complaints_complaint AS c
        WHERE c.id = complaints_complaintsearch.complaint_id
            AND (c.department_id IS NOT NULL OR c.assignee_id IS NOT NULL)""",
}


def drop_old_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_search_document")


def restore_old_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_OLD_INDEX)


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintSearch = apps.get_model("complaints", "ComplaintSearch")
    complaints = Complaint.objects.using(alias)
    if not complaints.exists():
        return
    if complaints.filter(search__isnull=True).exists():
        # The app's own indexing (letters decrypted and scrubbed, words cut and stemmed), scope included; it reads
        # only the columns it needs, so a column added to the complaint later does not break this migration.
        from redress.complaints.search.index import search_rebuild

        search_rebuild()
        return
    if ComplaintSearch.objects.using(alias).exists():
        schema_editor.execute(COPY_SCOPE[schema_editor.connection.vendor])


def scope_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_NEW_INDEX:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS complaints_search_au")
        schema_editor.execute(SQLITE_TEXT_TRIGGER)


def drop_scope_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_search_scope_document")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS complaints_search_au")
        schema_editor.execute(SQLITE_ANY_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("complaints", "0020_complaint_received_index"),
    ]

    operations = [
        migrations.RunPython(drop_old_index, restore_old_index),
        migrations.AddField(
            model_name="complaintsearch",
            name="department",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.department",
            ),
        ),
        migrations.AddField(
            model_name="complaintsearch",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(scope_index, drop_scope_index),
    ]
