"""What the intake channels keep: raw inbound mail, social sources and posts, tracking secrets, duplicates."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedBinaryField, EncryptedTextField


class InboundStatus(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    QUARANTINED = "quarantined", _("Quarantined")
    DISCARDED = "discarded", _("Discarded")


class InboundMessage(models.Model):
    """One email as received (the exact bytes), and what became of it."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    raw = EncryptedBinaryField(_("raw message"))  # the sender's address, name and words: encrypted at rest
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    sender_index = models.CharField(max_length=64, blank=True, default="")
    subject = EncryptedTextField(_("subject"), blank=True, default="")  # the sender's words, like `raw`
    status = models.CharField(_("status"), max_length=12, choices=InboundStatus.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True, default="")
    error = EncryptedTextField(_("error"), blank=True, default="")  # a parser's error may quote the message
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_messages"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "-id"], name="inbound_status_id")]

    def __str__(self) -> str:
        return self.message_id


class SocialSource(models.Model):
    """A social-media account whose posts arrive by a signed webhook."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    secret = EncryptedTextField(_("webhook secret"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("social-media source")
        verbose_name_plural = _("social-media sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SocialPost(models.Model):
    source = models.ForeignKey(SocialSource, on_delete=models.PROTECT, related_name="posts")
    post_id = models.CharField(max_length=200)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("social-media post")
        verbose_name_plural = _("social-media posts")
        constraints = [models.UniqueConstraint(fields=["source", "post_id"], name="social_post_unique")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.post_id}"


class TrackingSecret(models.Model):
    """The hash of the secret a customer uses to follow a complaint on /complaints/track/."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="tracking")
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tracking secret")
        verbose_name_plural = _("tracking secrets")

    def __str__(self) -> str:
        return str(self.complaint_id)


class PossibleDuplicate(models.Model):
    """A new complaint that looks like an earlier one of the same customer; never merged automatically."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    matched_on = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [models.UniqueConstraint(fields=["complaint", "other"], name="possible_duplicate_unique")]

    def __str__(self) -> str:
        return f"{self.complaint_id}~{self.other_id}"
