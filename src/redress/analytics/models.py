"""What the dashboards and returns count: one fact row per complaint, kept up to date from the complaints.

The analytics app writes only these rows (and its alerts); it reads the complaints through selectors.
Days are the complaint's jurisdiction's local days (a UK return counts UK days).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintFact(models.Model):
    complaint = models.OneToOneField(
        "complaints.Complaint", primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    reference = models.CharField(max_length=32)
    jurisdiction = models.CharField(max_length=16)
    department_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=12)
    business = models.CharField(max_length=40, blank=True, default="")
    product = models.CharField(max_length=40, blank=True, default="")
    reason = models.CharField(max_length=40, blank=True, default="")
    root_cause = models.CharField(max_length=40, blank=True, default="")
    language = models.CharField(max_length=8, blank=True, default="")
    received_on = models.DateField()
    # The day the final response (or the UK summary resolution) was sent; for a complaint withdrawn or
    # declined without one, the day it was closed. Reopened by a review: the day the review's answer went.
    closed_on = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    status = models.CharField(max_length=24)
    outcome = models.CharField(max_length=16, blank=True, default="")
    upheld = models.BooleanField(default=False)  # upheld or partly upheld
    redress_currency = models.CharField(max_length=3, blank=True, default="")
    redress_paid = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    days_to_close = models.IntegerField(null=True, blank=True)  # calendar days, received day to closed day
    business_days_to_close = models.IntegerField(null=True, blank=True)  # jurisdiction's working days after receipt
    decision_due_on = models.DateField(null=True, blank=True)  # the regulatory decision deadline (local day)
    within_deadline = models.BooleanField(null=True, blank=True)
    vulnerable = models.BooleanField(default=False)
    forwarded_by_regulator = models.BooleanField(default=False)
    repeat = models.BooleanField(default=False)  # the same customer complained in the 12 months before
    review_requested = models.BooleanField(default=False)
    satisfaction = models.CharField(max_length=16, blank=True, default="")
    source_updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("complaint fact")
        verbose_name_plural = _("complaint facts")
        indexes = [
            models.Index(fields=["received_on", "jurisdiction"], name="fact_received"),
            models.Index(fields=["closed_on", "jurisdiction"], name="fact_closed"),
            models.Index(fields=["is_open", "received_on"], name="fact_open", condition=models.Q(is_open=True)),
            # The few closed before the day received (clocks): the daily totals leave them to the facts.
            models.Index(
                fields=["received_on"], name="fact_backwards", condition=models.Q(closed_on__lt=models.F("received_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class DailyTotal(models.Model):
    """The facts' counts per local day, jurisdiction and reason, kept in step with the facts (see `totals`).

    Received counts go on the day received, the closed ones on the day closed. Only the facts closed on or after
    the day they were received are counted here (every fact but a clock-skewed few): the open at a day's end are
    then the received up to it less the closed up to it."""

    day = models.DateField()
    jurisdiction = models.CharField(max_length=16)
    reason = models.CharField(max_length=40, blank=True, default="")
    received = models.IntegerField(default=0)
    received_vulnerable = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_within_3_business_days = models.IntegerField(default=0)
    closed_within_deadline = models.IntegerField(default=0)
    closed_after_deadline = models.IntegerField(default=0)
    upheld = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "jurisdiction", "reason"], name="daily_total_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.jurisdiction} {self.reason}"


class DailyRedress(models.Model):
    """Redress paid (in the currency's hundredths) on the complaints closed each local day, per jurisdiction."""

    day = models.DateField()
    jurisdiction = models.CharField(max_length=16)
    currency = models.CharField(max_length=3)
    facts = models.IntegerField(default=0)  # how many complaints paid it
    paid_cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "jurisdiction", "currency"], name="daily_redress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.jurisdiction} {self.currency}"


class RefreshMark(models.Model):
    """How far the facts are up to date: the complaints changed after `through` are not counted yet."""

    name = models.CharField(max_length=40, primary_key=True)
    through = models.DateTimeField()
    last_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.through}"


class SpikeAlert(models.Model):
    """A day on which one series (a channel, business line, reason, product, department or jurisdiction)
    had well more complaints than its recent past predicts."""

    class Level(models.TextChoices):
        AMBER = "amber", _("Amber")
        RED = "red", _("Red")

    class Dimension(models.TextChoices):
        CHANNEL = "channel", _("Channel")
        BUSINESS = "business", _("Business line")
        REASON = "reason", _("Complaint reason")
        PRODUCT = "product", _("Product")
        DEPARTMENT = "department", _("Department")
        JURISDICTION = "jurisdiction", _("Jurisdiction")

    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    key = models.CharField(_("series"), max_length=40)
    count = models.PositiveIntegerField(_("count"))
    expected = models.DecimalField(_("expected"), max_digits=12, decimal_places=2)
    p_value = models.FloatField(_("p-value"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        ordering = ["-day", "dimension", "key"]
        constraints = [models.UniqueConstraint(fields=["day", "dimension", "key"], name="spike_alert_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key} {self.count}"


class ExpectedVolume(models.Model):
    """What the spike method expected of one day's received count, for the volume chart's band: the whole
    institution's series (`series` ALL, `key` blank) and each jurisdiction's. Written by the nightly spike run."""

    ALL = "all"
    JURISDICTION = "jurisdiction"

    day = models.DateField()
    series = models.CharField(max_length=16)
    key = models.CharField(max_length=40, blank=True, default="")
    expected = models.DecimalField(max_digits=12, decimal_places=2)
    upper = models.PositiveIntegerField()  # the smallest count that would have been an alert (amber)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "key", "day"], name="expected_volume_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.series}={self.key} {self.expected}"


class ThemeRun(models.Model):
    """One grouping of a period's complaint texts into themes (`analytics.themes`), weekly or asked for."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))  # included
    previous_start = models.DateField()
    previous_end = models.DateField()
    seed = models.IntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)  # k, its rule, vocabulary size, …
    texts = models.PositiveIntegerField(default=0)  # complaints of the period
    previous_texts = models.PositiveIntegerField(default=0)
    unassigned = models.PositiveIntegerField(default=0)  # texts with no word that counts
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # none: the weekly run or the command line

    class Meta:
        verbose_name = _("theme run")
        verbose_name_plural = _("theme runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class Theme(models.Model):
    """What a group of the period's complaints is about: its words, its size and growth, where it falls.

    `terms`: [{"term", "hant" (Chinese: its Traditional form), "lang" ("zh"/"en"), "weight"}], strongest first.
    `breakdown`: {"business": {code: n}, "reason": {code: n}, "departments": {id or "": {"size", "previous",
    "business", "reason"}}}. `examples`: [{"complaint", "reference", "department", "snippet"}], snippets scrubbed
    of personal data (markers, rendered on display)."""

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()  # 1 = the largest
    terms = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    previous_size = models.PositiveIntegerField(default=0)
    growth = models.FloatField(null=True, blank=True)  # percent against the previous period; none: it had none
    breakdown = models.JSONField(default=dict)
    examples = models.JSONField(default=list)
    name = models.CharField(_("name"), max_length=120, blank=True, default="")
    named_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField(null=True, blank=True)
    root_cause = models.CharField(_("root cause"), max_length=40, blank=True, default="")  # promoted to it
    promoted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="theme_number_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.number}"
