"""Staff users, their role and department, and what they may approve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INTAKE_AGENT = "intake_agent", _("Intake agent")
    HANDLER = "handler", _("Handler")
    APPROVER = "approver", _("Approver")
    MANAGER = "manager", _("Manager")
    COMPLIANCE = "compliance", _("Compliance")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Department(models.Model):
    """A unit of the institution, named in each of the three languages (`label`): the Simplified name is
    required, the Traditional and English ones fall back to it when blank."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        """The name in `language` (a language code as Django gives it): English, Traditional, else Simplified."""
        lang = language.lower()
        if lang.startswith("en") and self.name_en:
            return self.name_en
        if lang in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") and self.name_zh_hant:
            return self.name_zh_hant
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.HANDLER)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    approval_limit = models.DecimalField(
        _("approval limit"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The largest redress total this person may approve, in the currency below."),
    )
    approval_currency = models.CharField(_("approval currency"), max_length=3, default="CNY")
    seniority = models.PositiveSmallIntegerField(
        _("seniority"),
        default=1,
        help_text=_("1 for a handler; higher for more senior staff. A review goes to someone more senior."),
    )
    # Away (leave, training): routing gives no new complaint to a handler away that day. Both days included;
    # no first day: away from now on until the last.
    away_from = models.DateField(_("away from"), null=True, blank=True)
    away_until = models.DateField(
        _("away until"), null=True, blank=True, help_text=_("The last day away; new complaints go to others.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def is_away(self, day: date) -> bool:
        """Away on `day`: within the period set (no last day: not away)."""
        if self.away_until is None or day > self.away_until:
            return False
        return self.away_from is None or self.away_from <= day

    def approval_limits(self) -> dict[str, Decimal]:
        """The largest redress total this person may approve, by currency: the limit on the user, and one per
        further currency (`ApprovalLimit`). No exchange rate is ever applied."""
        limits = {row.currency: row.amount for row in self.extra_approval_limits.all()}
        if self.approval_limit is not None:
            limits[self.approval_currency] = self.approval_limit
        return limits

    def covers(self, amount: Decimal, currency: str) -> bool:
        limit = self.approval_limits().get(currency)
        return limit is not None and amount <= limit


class ApprovalLimit(models.Model):
    """An approval limit in one more currency: an approver of CNY plans may hold one for GBP too."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="extra_approval_limits"
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("approval limit"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("approval limit in another currency")
        verbose_name_plural = _("approval limits in other currencies")
        constraints = [
            models.UniqueConstraint(fields=["user", "currency"], name="one_approval_limit_per_currency"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="approval_limit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
