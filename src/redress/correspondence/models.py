"""Letters to the customer (the exact text kept) and the outbox that delivers email."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.choices import Jurisdiction, Language
from redress.correspondence.templating import template_problems
from redress.privacy.fields import EncryptedTextField


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    FINAL_DECISION = "final_decision", _("Final decision")
    DECLINE = "decline", _("Decision not to accept")
    EXTENSION = "extension", _("Extension notice")
    SUMMARY_RESOLUTION = "summary_resolution", _("Summary resolution communication")
    REVIEW_DECISION = "review_decision", _("Review decision")
    ENQUIRY = "enquiry", _("Answer to an enquiry")
    # Messages to the customer during handling (the `message_customer` action).
    DOCUMENTS_REQUEST = "documents_request", _("Request for documents")
    PROGRESS_UPDATE = "progress_update", _("Progress update")
    FREE_MESSAGE = "free_message", _("Message")


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
    subject = EncryptedTextField()  # a handler's message may name the customer (at most 300 characters)
    # The letter names the customer (and a posted one their address): encrypted at rest like the complaint's
    # customer fields. The HTML part of the email is made from `body` when the letter is issued: both are
    # what was sent.
    body = EncryptedTextField()
    body_html = EncryptedTextField(blank=True, default="")
    message_id = models.CharField(max_length=255, blank=True, default="")
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


# The last error of a message whose worker stopped while handing it to the SMTP server (shown in words).
INTERRUPTED = "interrupted"


class OutboxMessage(models.Model):
    """Written in the same transaction as the action; delivered by the worker, at most once."""

    letter = models.OneToOneField(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox")
    to_address = EncryptedTextField()
    subject = EncryptedTextField()  # a copy of the letter's subject
    body = EncryptedTextField()  # a copy of the letter's text (or a staff alert): encrypted like the letter
    html_body = EncryptedTextField(blank=True, default="")
    message_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    # Set (and committed) just before the message is handed to the SMTP server: a claim that outlived its
    # worker is sent again only where this is empty (never handed over); otherwise it may have arrived.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    # A mail server's refusal quotes the recipient's address: encrypted at rest (at most 500 characters).
    last_error = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"outbox {self.pk} ({self.status})"


class LetterTemplate(models.Model):
    """The text of one kind of letter for one jurisdiction (blank: every other) in one language.

    `subject` and `body` are Django templates of plain text; the email's HTML and the PDF are made
    from the rendered text. `required_elements` lists what the letter must carry, each as
    {"element": name, "placeholders": [variable, ...], "phrases": [text, ...]}: the template must use
    one of the placeholders or contain one of the phrases, and so must a letter the handler edits.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=LetterKind.choices)
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=16,
        blank=True,
        default="",
        choices=Jurisdiction.choices,
        help_text=_("Leave empty for the default of every jurisdiction without a template of its own."),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    required_elements = models.JSONField(_("required elements"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "jurisdiction", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "jurisdiction", "language"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.jurisdiction or '*'} {self.language}"

    def clean(self) -> None:
        problems = template_problems(subject=self.subject, body=self.body, required_elements=self.required_elements)
        if problems:
            raise ValidationError(problems)


class SmsStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SmsMessage(models.Model):
    """A text message to a customer (the tracking code when there is no e-mail address), sent at most once
    through the configured backend (`REDRESS_SMS_BACKEND`, see `correspondence.sms`)."""

    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=24)
    to_number = EncryptedTextField()
    body = EncryptedTextField()
    status = models.CharField(max_length=10, choices=SmsStatus.choices, default=SmsStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    backend = models.CharField(max_length=200, blank=True, default="")
    last_error = EncryptedTextField(blank=True, default="")  # may quote the number, like the outbox's
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["id"]
        # Every delivery run looks up the pending ones (few) among all ever sent.
        indexes = [models.Index(fields=["id"], name="sms_pending", condition=models.Q(status="pending"))]

    def __str__(self) -> str:
        return f"sms {self.pk} ({self.status})"
