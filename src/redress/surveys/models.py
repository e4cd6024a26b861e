"""Closing the loop: the customer's satisfaction survey, and follow-up visits (回访) after closing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedTextField


class Answer(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Not satisfied")


class Survey(models.Model):
    """One per decision letter. Its signed link answers once, until it expires."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="surveys")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True, default="")
    score = models.PositiveSmallIntegerField(_("score for the handling (1–5)"), null=True, blank=True)
    comment = EncryptedTextField(_("comment"), blank=True, default="")
    review_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["answered_at", "expires_at"], name="survey_unanswered")]

    def __str__(self) -> str:
        return f"survey {self.pk} ({self.complaint_id})"


class Condition(models.TextChoices):
    DISSATISFIED = "dissatisfied", _("Customer not satisfied")
    NO_RESPONSE = "no_response", _("Customer did not answer")
    URGENT = "urgent", _("Urgent complaint")
    UPHELD = "upheld", _("Complaint upheld (fully or partly)")
    SAMPLE = "sample", _("Random sample")
    ALL = "all", _("Every closed complaint")


class FollowUpRule(models.Model):
    """Which closed complaints get a follow-up visit, and when. Data an admin edits."""

    name = models.CharField(_("name"), max_length=200)
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices)
    sample_percent = models.PositiveSmallIntegerField(
        _("sample (percent of closed complaints)"), default=100, help_text=_("For the random sample; 1–100.")
    )
    days_after_close = models.PositiveSmallIntegerField(_("days after closing"), default=7)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=16, blank=True, default="", help_text=_("Empty: every jurisdiction.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["days_after_close", "id"]

    def __str__(self) -> str:
        return self.name


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


class FollowUpTask(models.Model):
    """A visit (call) to make after closing: one per closed complaint that a rule picks."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="follow_ups")
    rules = models.JSONField(_("rules that picked it"), default=list)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reached = models.BooleanField(_("customer reached"), null=True, blank=True)
    result = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True, default="")
    score = models.PositiveSmallIntegerField(_("score (1–5)"), null=True, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True, default="")  # what the customer said on the call
    # When its agent (else the department's managers) was told the visit is due: once per task.
    due_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="followup_open_due")]

    def __str__(self) -> str:
        return f"follow-up {self.complaint_id} {self.due_on}"
