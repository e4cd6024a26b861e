"""The search document of a complaint: the words it is found by (see `complaints.search`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintSearch(models.Model):
    """One row per complaint: the normalised words of its texts, space-separated (`search.words`). `main`: the
    reference, description and desired outcome; `extra`: the customer's messages, the notes, the letters and the
    evidence files' names (a hit there ranks below one in `main`). Personal data held encrypted (the customer's
    details, the description, the desired outcome, the letters) never comes here in clear: the words of those texts
    are taken with the personal data in them scrubbed out.

    PostgreSQL adds a generated `document` tsvector of both (weights A and B) with a GIN index; SQLite an FTS5
    table `complaints_search_fts` kept in step by triggers (migration 0016)."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    main = models.TextField(default="", blank=True)
    extra = models.TextField(default="", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of complaint {self.complaint_id}"
