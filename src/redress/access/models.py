"""One row per view of a complaint's personal data shown unmasked: who, when, what, why.

The customer is kept by the keyed blind indexes of their phone, e-mail and ID number (copied from the
complaint when it was seen), so the access to one customer's data can be listed without this table holding
the data itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedTextField


class AccessKind(models.TextChoices):
    PAGE = "page", _("Complaint page")
    API_DETAIL = "api_detail", _("Complaint (API)")
    API_EVENTS = "api_events", _("Timeline (API)")
    API_LETTERS = "api_letters", _("Letters (API)")
    EVIDENCE = "evidence", _("Evidence file")
    LETTER_PDF = "letter_pdf", _("Letter as PDF")
    LETTER_DRAFT = "letter_draft", _("Letter draft (API)")
    EXPORT = "export", _("Record export")


class AccessBasis(models.TextChoices):
    """Why the person saw the data unmasked: the duty of their role, or a reason they gave."""

    ASSIGNEE = "assignee", _("Handles the complaint")
    COMPLIANCE = "compliance", _("Compliance duty")
    REVEAL = "reveal", _("Revealed with a reason")
    ACTION = "action", _("Needed by the action taken")


class AccessRecord(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+", db_index=False)
    what = models.CharField(_("what"), max_length=20, choices=AccessKind.choices)
    item = models.CharField(_("item"), max_length=40, blank=True, default="")  # an evidence or letter id
    basis = models.CharField(_("basis"), max_length=20, choices=AccessBasis.choices)
    reason = EncryptedTextField(_("reason"), blank=True, default="")  # a reveal's reason may name the customer
    phone_index = models.CharField(max_length=64, blank=True, default="")
    email_index = models.CharField(max_length=64, blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ("-at", "-id")
        indexes = [
            models.Index(fields=["-at", "-id"], name="access_at"),
            models.Index(fields=["user", "-at"], name="access_user_at"),
            models.Index(fields=["complaint", "-at"], name="access_complaint_at"),
            models.Index(fields=["phone_index"], name="access_phone", condition=~Q(phone_index="")),
            models.Index(fields=["email_index"], name="access_email", condition=~Q(email_index="")),
            models.Index(fields=["id_number_index"], name="access_id_number", condition=~Q(id_number_index="")),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.complaint_id} {self.at:%Y-%m-%d %H:%M}"
