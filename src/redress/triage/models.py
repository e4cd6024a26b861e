"""Triage data: the flag rules, model versions and each complaint's suggestion."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedJSONField
from redress.triage.ml.patterns import compile_pattern
from redress.triage.taxonomy import FLAGS

FLAG_CHOICES = [(f, f) for f in FLAGS]
LANGUAGE_CHOICES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]


class TriageRule(models.Model):
    """A keyword or regular expression that raises a flag (fraud, regulator, media, legal, …)."""

    flag = models.CharField(_("flag"), max_length=20, choices=FLAG_CHOICES)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    pattern = models.CharField(
        _("pattern"),
        max_length=500,
        help_text=_(
            "A keyword (Chinese: anywhere in the text; English: a whole word or phrase, any case), or a regex."
        ),
    )
    is_regex = models.BooleanField(_("regular expression"), default=False)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["flag", "language", "pattern"]
        verbose_name = _("triage rule")
        verbose_name_plural = _("triage rules")
        constraints = [
            models.UniqueConstraint(fields=["flag", "language", "pattern"], name="triage_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.flag} [{self.language}] {self.pattern}"

    def clean(self) -> None:
        try:
            compile_pattern(self.pattern, self.is_regex)
        except ValueError as exc:
            raise ValidationError({"pattern": str(exc)}) from exc


class TriageModelVersion(models.Model):
    """One trained model: its artifact file, the figures it was evaluated with, and whether it is in use."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    artifact = models.CharField(
        _("artifact"),
        max_length=500,
        help_text=_("Path of the model file (.npz), relative to REDRESS_TRIAGE_MODEL_DIR."),
    )
    artifact_bytes = models.PositiveBigIntegerField(_("artifact size (bytes)"), default=0)
    sha256 = models.CharField(_("artifact SHA-256"), max_length=64, blank=True, default="")
    metrics = models.JSONField(_("evaluation figures"), default=dict, blank=True)
    training = models.JSONField(_("training data"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=False)
    notes = models.CharField(_("notes"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("triage model version")
        verbose_name_plural = _("triage model versions")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="triage_one_active_model"),
        ]

    def __str__(self) -> str:
        return f"v{self.version}{' (active)' if self.active else ''}"


class TriageSuggestion(models.Model):
    """What the first assessment suggested for one complaint at registration (staff decide in `triage`)."""

    # A real foreign key: a suggestion never outlives or precedes its complaint. Complaints are
    # never deleted (erasure overwrites personal data in place), so the constraint costs nothing.
    complaint = models.OneToOneField(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        related_name="triage_suggestion",
        verbose_name=_("complaint"),
    )
    business = models.CharField(_("business line"), max_length=40, blank=True, default="")
    product = models.CharField(_("product"), max_length=120, blank=True, default="")  # the model's CFPB class
    reason = models.CharField(_("complaint reason"), max_length=40, blank=True, default="")
    is_complaint = models.BooleanField(_("is a complaint"), default=True)
    urgent = models.BooleanField(_("urgent"), default=False, db_index=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    # Built from the complaint's words (rules' matches, the model's terms): encrypted like the text itself.
    explanation = EncryptedJSONField(_("explanation"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    model_version = models.ForeignKey(
        TriageModelVersion,
        verbose_name=_("model version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("triage suggestion")
        verbose_name_plural = _("triage suggestions")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.business or '-'}{' URGENT' if self.urgent else ''}"
