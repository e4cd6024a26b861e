"""Letters to the customer (the exact text kept) and the outbox that delivers email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedTextField


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    FINAL_DECISION = "final_decision", _("Final decision")
    DECLINE = "decline", _("Decision not to accept")
    EXTENSION = "extension", _("Extension notice")


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("Letter pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Delivery failed")
    LOGGED = "logged", _("Told by phone (letter kept on file)")
    TO_POST = "to_post", _("To be posted")


class Letter(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    channel = models.CharField(max_length=12)
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=LetterStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.complaint_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """Written in the same transaction as the action; delivered by the worker, at most once."""

    letter = models.OneToOneField(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox")
    to_address = EncryptedTextField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"outbox {self.pk} ({self.status})"
