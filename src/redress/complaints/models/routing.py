"""Routing rules: which department a classified complaint goes to (data an administrator edits)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from redress.complaints.choices import Channel, Jurisdiction


class RoutingRule(models.Model):
    """A complaint matching every field given (a blank one matches anything) goes to the department.

    The first rule by priority (the lowest number first) wins; among rules of the same priority, the one
    that names more fields (the more specific); then the oldest. Within the department, the handler with
    the fewest open complaints gets it, skipping those away or named in the complaint.
    """

    name = models.CharField(_("name"), max_length=120)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower numbers come first."))
    business = models.CharField(_("business line"), max_length=40, blank=True, default="")
    product = models.CharField(_("product"), max_length=40, blank=True, default="")
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=16, blank=True, default="", choices=Jurisdiction.choices
    )
    channel = models.CharField(_("channel"), max_length=12, blank=True, default="", choices=Channel.choices)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    assign_handler = models.BooleanField(
        _("assign a handler"),
        default=True,
        help_text=_("Give the complaint to the department's handler with the fewest open complaints."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> int:
        return sum(1 for value in (self.business, self.product, self.jurisdiction, self.channel) if value)

    def matches(self, *, business: str, product: str, jurisdiction: str, channel: str) -> bool:
        given = {"business": business, "product": product, "jurisdiction": jurisdiction, "channel": channel}
        return all(not getattr(self, name) or getattr(self, name) == value for name, value in given.items())
