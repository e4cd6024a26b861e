"""A handler's search finds their part's matches in the index alone (issue 16 §5), whatever the word.

PostgreSQL: each search document's tsvector also holds words no text can give (they have spaces in them): its
complaint's department (`scope d 12`), its assignee (`scope a 34`) and the block of 16,384 complaint ids it
belongs to (`scope b 15`, newest blocks first in a search). "This department's or this person's complaints with
this word, among the newest" is then one GIN scan of exactly those documents. Before, PostgreSQL either walked
the newest documents testing each (a word common elsewhere but rare in the handler's part walked all of them:
0.4–1 s at a million) or read every document holding the word to drop those of other departments. The GIN index
over (department, assignee, document) becomes one over the document; the columns stay (they are what the
document reads). The document is made again for every row (the column is generated: dropped and added).

SQLite: nothing changes (its FTS5 table holds the texts only; a handler's search filters after it).
"""

from django.db import migrations

TEXT_WORDS = (
    "setweight(to_tsvector('simple'::regconfig, main), 'A') || setweight(to_tsvector('simple'::regconfig, extra), 'B')"
)
# What `search.query` asks for (`part_words`, `block_words`); NULLs give no word.
PART_WORDS = (
    "array_to_tsvector(array_remove(ARRAY['scope d ' || department_id::text, 'scope a ' || assignee_id::text,"
    " 'scope b ' || (complaint_id / 16384)::text], NULL))"
)
FORWARD = [
    "DROP INDEX IF EXISTS complaint_search_scope_document",
    "ALTER TABLE complaints_complaintsearch DROP COLUMN document",
    f"ALTER TABLE complaints_complaintsearch ADD COLUMN document tsvector GENERATED ALWAYS AS ({TEXT_WORDS} || {PART_WORDS}) STORED",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CREATE INDEX complaint_search_document ON complaints_complaintsearch USING gin (document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS complaint_search_document",
    "ALTER TABLE complaints_complaintsearch DROP COLUMN document",
    f"ALTER TABLE complaints_complaintsearch ADD COLUMN document tsvector GENERATED ALWAYS AS ({TEXT_WORDS}) STORED",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CREATE INDEX complaint_search_scope_document ON complaints_complaintsearch"
    " USING gin (department_id, assignee_id, document)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0024_plan_evidence_text_encrypted"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
