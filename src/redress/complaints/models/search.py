"""The search document of a complaint: the words it is found by (see `complaints.search`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintSearch(models.Model):
    """One row per complaint: the normalised words of its texts, space-separated (`search.words`). `main`: the
    reference, description and desired outcome; `extra`: the customer's messages, the notes, the letters and the
    evidence files' names (a hit there ranks below one in `main`). Personal data held encrypted (the customer's
    details, the description, the desired outcome, the letters) never comes here in clear: the words of those texts
    are taken with the personal data in them scrubbed out.

    `department` and `assignee`: the complaint's own, copied so that a search narrows to what a handler may see
    (`search_scope`) in the index itself rather than after ranking every match; written with the document and
    kept in step on every event (`search.index.reindex_after_event`). `restrict` still decides what is shown.

    PostgreSQL adds a generated `document` tsvector of both (weights A and B) and one GIN index over
    (department, assignee, document) (btree_gin); SQLite an FTS5 table `complaints_search_fts` kept in step by
    triggers (migrations 0016 and 0021)."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    main = models.TextField(default="", blank=True)
    extra = models.TextField(default="", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Copies, not relations of their own: no constraint or index but the GIN index (migration 0021).
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of complaint {self.complaint_id}"
