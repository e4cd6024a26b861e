"""Search (issue 16 §5): a search document per complaint, with a full-text index of it on each database.

PostgreSQL: a generated `document` tsvector (the 'simple' configuration over the words `complaints.search`
already normalised: Chinese cut by jieba, English stemmed; `main` weighted A, `extra` B) with a GIN index.
SQLite: an FTS5 table `complaints_search_fts` (rowid = complaint id), kept in step with the documents by
triggers. A later migration that makes SQLite rebuild `complaints_complaintsearch` must create the triggers
again. Existing complaints are indexed by migration 0021 (search_visibility_scope), once 0019 encrypted their
texts and 0021 added the columns the app's indexing code writes: the index is made by the app's own code
(`redress search reindex` does the same at any time).
"""

from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone

PG_FORWARD = [
    """ALTER TABLE complaints_complaintsearch ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, main), 'A') || setweight(to_tsvector('simple'::regconfig, extra), 'B')
    ) STORED""",
    "CREATE INDEX complaint_search_document ON complaints_complaintsearch USING gin (document)",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE complaints_search_fts USING fts5(main, extra)",
    """CREATE TRIGGER complaints_search_ai AFTER INSERT ON complaints_complaintsearch BEGIN
        INSERT INTO complaints_search_fts(rowid, main, extra) VALUES (new.complaint_id, new.main, new.extra);
    END""",
    """CREATE TRIGGER complaints_search_au AFTER UPDATE ON complaints_complaintsearch BEGIN
        DELETE FROM complaints_search_fts WHERE rowid = old.complaint_id;
        INSERT INTO complaints_search_fts(rowid, main, extra) VALUES (new.complaint_id, new.main, new.extra);
    END""",
    """CREATE TRIGGER complaints_search_ad AFTER DELETE ON complaints_complaintsearch BEGIN
        DELETE FROM complaints_search_fts WHERE rowid = old.complaint_id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS complaints_search_ai",
    "DROP TRIGGER IF EXISTS complaints_search_au",
    "DROP TRIGGER IF EXISTS complaints_search_ad",
    "DROP TABLE IF EXISTS complaints_search_fts",
]


def full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_FORWARD if vendor == "postgresql" else SQLITE_FORWARD if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def drop_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE complaints_complaintsearch DROP COLUMN IF EXISTS document")
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_event_personal"),
        ("correspondence", "0007_outbox_handed_over"),
        ("complaints", "0015_complaint_flags"),
    ]

    operations = [
        migrations.CreateModel(
            name="ComplaintSearch",
            fields=[
                (
                    "complaint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="complaints.complaint",
                    ),
                ),
                ("main", models.TextField(blank=True, default="")),
                ("extra", models.TextField(blank=True, default="")),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"verbose_name": "search document", "verbose_name_plural": "search documents"},
        ),
        migrations.RunPython(full_text, drop_full_text),
    ]
