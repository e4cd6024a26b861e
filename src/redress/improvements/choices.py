"""The states of an improvement action and the kinds of what it came from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# Still to be done by its owner: what the reminders and "overdue" look at.
OPEN_STATES = frozenset({Status.APPROVED, Status.IN_PROGRESS})


class SourceKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    THEME = "theme", _("Theme")
    SPIKE = "spike", _("Spike alert")
    SUGGESTION = "suggestion", _("Staff suggestion")
    REVIEW_FINDING = "review_finding", _("Review finding")


# The code tables an action links to, and that its effect counts.
CODE_KINDS = ("business", "product", "reason")
