"""Improvement actions: what is being changed so that complaints do not recur, its sources, codes and timeline.

The improvements app writes only these tables; it reads complaints, alerts and staff through their apps'
selectors (import-linter's contract).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.improvements.choices import SourceKind, Status


class ImprovementAction(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    went_live_on = models.DateField(_("went live on"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="improvement_status_due"),
            models.Index(
                fields=["went_live_on"], name="improvement_live", condition=models.Q(went_live_on__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class ActionSource(models.Model):
    """What an action came from: a complaint, a theme (its id in `ref`), a spike alert, a suggestion, a finding."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    spike = models.ForeignKey(
        "analytics.SpikeAlert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ref = models.CharField(max_length=120, blank=True, default="")  # a theme's id, a review's reference
    # The plan version and improvement line it was made from (automatic actions): what makes them idempotent.
    plan_version = models.PositiveSmallIntegerField(null=True, blank=True)
    plan_line = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "plan_version", "plan_line"],
                name="improvement_source_plan_line",
                condition=models.Q(plan_line__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref or self.complaint_id or self.spike_id or ''}"


class ActionCode(models.Model):
    """A business line, product or reason the action is about: the complaints its effect counts."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="codes")
    kind = models.CharField(max_length=16)  # business, product, reason
    code = models.CharField(max_length=40)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["action", "kind", "code"], name="improvement_code_unique")]

    def __str__(self) -> str:
        return f"{self.kind}={self.code}"


class ActionEvent(models.Model):
    """One change of an action. Never updated, never deleted; chained per action like a complaint's timeline
    (`redress.audit.chain.event_hash`, the action's key `improvement:<id>` in place of a reference)."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=24)
    actor_kind = models.CharField(max_length=10)  # staff, system
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["action_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["action", "seq"], name="improvement_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.action_id}#{self.seq} {self.kind}"


class ReminderSent(models.Model):
    """One reminder per owner per day: what makes the daily reminder idempotent."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    due_soon = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "day"], name="improvement_reminder_once")]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.day}"
