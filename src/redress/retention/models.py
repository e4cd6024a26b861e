"""Legal holds, customers' erasure requests, and the record of each complaint's erasure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedTextField


class LegalHold(models.Model):
    """A complaint under legal hold is never erased, by the purge or by a request. Cleared: the row goes;
    the timeline keeps both steps with their reasons."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="legal_hold")
    reason = EncryptedTextField(_("reason"))  # may name the litigant: encrypted at rest
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"hold {self.complaint_id}"


class IdentityKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ID_NUMBER = "id_number", _("ID number")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    DONE = "done", _("Carried out")
    REFUSED = "refused", _("Refused: records still kept by law")
    REJECTED = "rejected", _("Rejected")


class ErasureRequest(models.Model):
    """A customer's request to erase their personal data (PIPL art. 47, GDPR art. 17), recorded by staff and
    approved by a second person in compliance. The customer is named only by a blind index."""

    identity_kind = models.CharField(_("identified by"), max_length=12, choices=IdentityKind.choices)
    identity_index = models.CharField(max_length=64)
    # The customer's words and the decision on them: encrypted at rest.
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = EncryptedTextField(_("decision note"), blank=True, default="")
    # {"erased": [reference], "kept": [{"reference", "why", "until"}]}
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class ErasureWhy(models.TextChoices):
    RETENTION = "retention", _("Retention period over")
    REQUEST = "request", _("Customer's erasure request")


class Erasure(models.Model):
    """A complaint whose personal data was erased: once, with what was erased and why."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="erasure")
    why = models.CharField(_("why"), max_length=10, choices=ErasureWhy.choices)
    request = models.ForeignKey(ErasureRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"erasure {self.complaint_id}"
