"""A resolution plan: outcome, redress (money in Decimal with its currency), improvements, approvals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.choices import Outcome, PlanStatus, RedressType
from redress.privacy.fields import EncryptedTextField


class ResolutionPlan(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.PROPOSED)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # What the handler writes of the customer's case: encrypted at rest like the description.
    summary = EncryptedTextField(_("summary"))
    improvements = models.JSONField(_("improvement actions"), default=list, blank=True)
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    approvals_required = models.PositiveSmallIntegerField(default=1)
    compliance_required = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resolution plan")
        verbose_name_plural = _("resolution plans")
        ordering = ["complaint", "-version"]
        constraints = [models.UniqueConstraint(fields=["complaint", "version"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.complaint_id} v{self.version}"

    def computed_total(self) -> Decimal:
        return self.items.aggregate(s=Sum("amount"))["s"] or Decimal("0")


class RedressItem(models.Model):
    plan = models.ForeignKey(ResolutionPlan, on_delete=models.PROTECT, related_name="items")
    type = models.CharField(max_length=20, choices=RedressType.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3)
    description = EncryptedTextField(blank=True, default="")  # at most 500 characters (the serializer)
    # The ledger: a monetary item of an approved plan is tracked until it is paid.
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True, default="")
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("redress item")
        verbose_name_plural = _("redress items")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount} {self.currency}"


class Approval(models.Model):
    plan = models.ForeignKey(ResolutionPlan, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    note = EncryptedTextField(blank=True, default="")
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["approved_at", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "approver"], name="approval_once_per_person")]

    def __str__(self) -> str:
        return f"{self.approver_id} ({self.role})"


class ApprovalTier(models.Model):
    """Above `threshold` (exclusive) in `currency`, a plan needs these approvals. Seeded, admin-editable."""

    currency = models.CharField(max_length=3)
    threshold = models.DecimalField(max_digits=18, decimal_places=2)
    approvals_required = models.PositiveSmallIntegerField(default=2)
    compliance_required = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("approval tier")
        verbose_name_plural = _("approval tiers")
        ordering = ["currency", "threshold"]
        constraints = [models.UniqueConstraint(fields=["currency", "threshold"], name="tier_unique")]

    def __str__(self) -> str:
        return f"> {self.threshold} {self.currency}: {self.approvals_required}"
