"""Deadline policies (data an admin edits) and the clocks they put on each complaint."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    BUSINESS_DAYS = "business_days", _("business days")
    WEEKS = "weeks", _("weeks")
    WORKING_HOURS = "working_hours", _("working hours")


class ClockKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    SUMMARY_RESOLUTION = "summary_resolution", _("Summary resolution")
    DECISION = "decision", _("Decision / final response")
    REVIEW = "review", _("Review decision")
    FIRST_CONTACT = "first_contact", _("First contact (internal)")
    ASSIGNMENT = "assignment", _("Assignment (internal)")


class Trigger(models.TextChoices):
    """What starts a clock, and what meets it: the timeline events of the lifecycle."""

    REGISTERED = "registered", _("registered")
    ACKNOWLEDGED = "acknowledged", _("acknowledgement sent")
    ASSIGNED = "assign", _("assigned")
    CONTACTED = "log_contact", _("customer contacted")
    NOTIFIED = "notify_customer", _("decision sent to the customer")
    REVIEW_REQUESTED = "request_review", _("review requested")


class PauseReason(models.TextChoices):
    EXTERNAL_APPRAISAL = "external_appraisal", _("External appraisal, testing or evaluation")
    AWAITING_CUSTOMER = "awaiting_customer", _("Waiting for the customer")


class ClockState(models.TextChoices):
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    MET = "met", _("met")
    BREACHED = "breached", _("breached")


# A clock's state as the customer reads it on their tracking page; the labels above are the staff's words,
# terms of the rules.
CUSTOMER_CLOCK_STATES = {
    ClockState.RUNNING: _("In progress"),
    ClockState.PAUSED: _("Paused"),
    ClockState.MET: _("Met"),
    ClockState.BREACHED: _("Overdue"),
}


class Policy(models.Model):
    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("holiday calendar country"), max_length=2)
    subdivision = models.CharField(_("holiday calendar subdivision"), max_length=10, blank=True, default="")
    timezone = models.CharField(_("time zone"), max_length=64)
    review_window_days = models.PositiveSmallIntegerField(
        _("review request window (days after the decision)"), null=True, blank=True
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep records this many years"),
        default=5,
        help_text=_("Counted from closing (CN) or from receipt (UK: 3 years from receipt)."),
    )
    retention_from_receipt = models.BooleanField(_("count retention from receipt"), default=False)
    no_response_days = models.PositiveSmallIntegerField(
        _("close as no response after (days)"),
        default=14,
        help_text=_(
            "Days after the decision letter with no answer to the satisfaction survey before the complaint is "
            "closed as no response; the survey link expires then too."
        ),
    )
    notes = models.TextField(_("source and notes"), blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return self.code


class ClockRule(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("clock"), max_length=24, choices=ClockKind.choices)
    regulatory = models.BooleanField(_("regulatory"), default=True, help_text=_("Internal targets may pause freely."))
    amount = models.PositiveIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    starts_on = models.CharField(_("starts on"), max_length=20, choices=Trigger.choices, default=Trigger.REGISTERED)
    met_on = models.CharField(_("met on"), max_length=20, choices=Trigger.choices)
    warn_before = models.PositiveIntegerField(_("warn this many units before"), default=2)
    pause_reasons = models.JSONField(_("pause reasons honoured"), default=list, blank=True)
    alerts = models.BooleanField(
        _("alert on warning and breach"),
        default=True,
        help_text=_("Off for windows whose passing is not a failure (e.g. the UK summary resolution)."),
    )

    class Meta:
        ordering = ["policy", "id"]
        constraints = [models.UniqueConstraint(fields=["policy", "kind"], name="rule_kind_unique")]
        verbose_name = _("clock rule")

    def __str__(self) -> str:
        return f"{self.policy_id} {self.kind}: {self.amount} {self.unit}"


class ExtensionStep(models.Model):
    rule = models.ForeignKey(ClockRule, on_delete=models.CASCADE, related_name="extensions")
    order = models.PositiveSmallIntegerField()
    total_amount = models.PositiveIntegerField(_("new total length"))
    approver_role = models.CharField(_("role that approves"), max_length=20)
    notify_customer = models.BooleanField(_("the customer must be told"), default=True)
    label = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["rule", "order"]
        constraints = [models.UniqueConstraint(fields=["rule", "order"], name="extension_order_unique")]
        verbose_name = _("extension step")

    def __str__(self) -> str:
        return f"{self.rule} → {self.total_amount} ({self.approver_role})"


class Clock(models.Model):
    """One deadline of one complaint. `due_at` already includes pauses and extensions."""

    # No index of their own: clock_kind_unique (complaint, kind) serves the complaint; rules are looked up
    # by clock only when one is deleted. Every index is one more page a sweep's UPDATE writes per clock.
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="clocks", db_index=False
    )
    rule = models.ForeignKey(ClockRule, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=24, choices=ClockKind.choices)
    regulatory = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    started_at = models.DateTimeField()
    amount = models.PositiveIntegerField()  # the length now in force (after extensions)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    paused_units = models.PositiveIntegerField(default=0)  # pushed later by pauses that ended
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=24, blank=True, default="")
    extension_step = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField()
    warn_at = models.DateTimeField()
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep's two queries, each over the clocks still waiting for that step only (a breached
            # clock leaves both, so marking it adds no entry to either).
            models.Index(
                fields=["due_at"], name="clock_running_due", condition=Q(state="running", met_at__isnull=True)
            ),
            models.Index(
                fields=["warn_at"],
                name="clock_warn_pending",
                condition=Q(state="running", met_at__isnull=True, warned_at__isnull=True),
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["complaint", "kind"], name="clock_kind_unique")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.state} {self.due_at:%Y-%m-%d}"
