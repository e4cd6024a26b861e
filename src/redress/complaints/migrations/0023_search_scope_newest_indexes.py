"""A handler's search of a common word (issue 16 §5): their department's and their own search documents, newest
first, each through an index of its own, so the candidate walk reads their part only (`search.query`)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0022_complaint_narrative_consent"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaintsearch",
            index=models.Index(fields=["department", "complaint"], name="complaint_search_dept_newest"),
        ),
        migrations.AddIndex(
            model_name="complaintsearch",
            index=models.Index(fields=["assignee", "complaint"], name="complaint_search_mine_newest"),
        ),
    ]
