"""The code tables a complaint is classified with. Admins edit them; the labels are data, in three languages.

A complaint stores the *code*; forms and the API accept the code or any of its labels.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeTable(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_zh_hans = models.CharField(_("label (Simplified Chinese)"), max_length=120)
    label_zh_hant = models.CharField(_("label (Traditional Chinese)"), max_length=120, blank=True, default="")
    label_en = models.CharField(_("label (English)"), max_length=160)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.label_zh_hans} / {self.label_en}"


class BusinessLine(CodeTable):
    """The business dimension (B) of JR/T 0169-2018 (业务办理)."""

    class Meta(CodeTable.Meta):
        verbose_name = _("business line")
        verbose_name_plural = _("business lines")


class Product(CodeTable):
    """A product the institution sells, with where it falls in each regulator's return."""

    business = models.CharField(_("business line"), max_length=40, blank=True, default="")
    fca_group = models.CharField(_("FCA product group"), max_length=80, blank=True, default="")
    fca_product = models.CharField(_("FCA product"), max_length=120, blank=True, default="")
    cfpb_product = models.CharField(_("CFPB product"), max_length=120, blank=True, default="")

    class Meta(CodeTable.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


class _Cause(CodeTable):
    fca_cause = models.CharField(_("FCA cause group"), max_length=80, blank=True, default="")
    cfpb_issue = models.CharField(_("CFPB issue"), max_length=200, blank=True, default="")

    class Meta(CodeTable.Meta):
        abstract = True


class Reason(_Cause):
    """The complaint's reason: dimension C of JR/T 0169-2018 (投诉原因)."""

    keywords = models.TextField(
        _("keywords"),
        blank=True,
        default="",
        help_text=_("Words that suggest this reason at triage, one per line (Chinese or English)."),
    )

    class Meta(_Cause.Meta):
        verbose_name = _("complaint reason")
        verbose_name_plural = _("complaint reasons")


class RootCause(_Cause):
    """What in the institution caused the complaint (溯源整改): the institution's own list."""

    class Meta(_Cause.Meta):
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")


class CfpbIssueRule(models.Model):
    """Which reason a CFPB "Issue" counts under when no reason names that issue exactly (`Reason.cfpb_issue`).

    Rules are tried in order; the first whose words occur in the issue (any case) gives the reason.
    """

    words = models.TextField(
        _("words"), help_text=_("Words or phrases of the CFPB issue, one per line: any one of them matches.")
    )
    reason = models.CharField(_("complaint reason"), max_length=40, help_text=_("The code of a complaint reason."))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("CFPB issue rule")
        verbose_name_plural = _("CFPB issue rules")

    def __str__(self) -> str:
        first = self.words.strip().splitlines()[0] if self.words.strip() else ""
        return f"{first} … → {self.reason}"
