"""Teaching cases (closed complaints, personal data taken out), guides for staff, and who has read them.

A teaching case keeps a snapshot taken when it is marked, every text scrubbed (personal data replaced by
the scrubber's markers): the library never reads the complaint again, so nothing it shows can lead back
to the customer. Codes are stored as codes (labels come from the code tables at display time).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redress.privacy.scrubber import KINDS

# The scrubber's markers, "⟦phone⟧" and the like, as its contract writes them.
MARKER = re.compile("⟦(?:" + "|".join(KINDS) + ")⟧")


def _in_language(values: dict[str, str]) -> str:
    """The text in the reader's language, else in another (Simplified, Traditional, English in that order)."""
    lang = (get_language() or "").lower()
    key = "zh_hant" if lang in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") else "zh_hans" if lang.startswith("zh") else "en"
    order = {"zh_hans": ("zh_hans", "zh_hant", "en"), "zh_hant": ("zh_hant", "zh_hans", "en")}
    return next((values[k] for k in order.get(key, ("en", "zh_hans", "zh_hant")) if values[k]), "")


class Situation(models.Model):
    """A situation a guide is about (an angry customer, a vulnerable one, what to promise…): data, not an enum."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_zh_hans = models.CharField(_("label (Simplified Chinese)"), max_length=120)
    label_zh_hant = models.CharField(_("label (Traditional Chinese)"), max_length=120, blank=True, default="")
    label_en = models.CharField(_("label (English)"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("situation")
        verbose_name_plural = _("situations")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language({"zh_hans": self.label_zh_hans, "zh_hant": self.label_zh_hant, "en": self.label_en})


class Guide(models.Model):
    """Guidance for staff, in Markdown, in each language; for some business lines (none: all of them)."""

    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=200, blank=True, default="")
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=200, blank=True, default="")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, default="")
    body_zh_hans = models.TextField(_("text (Simplified Chinese, Markdown)"), blank=True, default="")
    body_zh_hant = models.TextField(_("text (Traditional Chinese, Markdown)"), blank=True, default="")
    body_en = models.TextField(_("text (English, Markdown)"), blank=True, default="")
    situation = models.ForeignKey(
        Situation, verbose_name=_("situation"), null=True, blank=True, on_delete=models.PROTECT, related_name="guides"
    )
    business_lines = models.ManyToManyField(
        "codes.BusinessLine",
        verbose_name=_("business lines"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for a guide that applies to every business line."),
    )
    required_for_year = models.PositiveSmallIntegerField(
        _("required reading in year"),
        null=True,
        blank=True,
        help_text=_("Every member of staff must confirm having read it during this year."),
    )
    active = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def title(self) -> str:
        return _in_language({"zh_hans": self.title_zh_hans, "zh_hant": self.title_zh_hant, "en": self.title_en})

    @property
    def body(self) -> str:
        return _in_language({"zh_hans": self.body_zh_hans, "zh_hant": self.body_zh_hant, "en": self.body_en})


class TeachingCase(models.Model):
    """One closed complaint kept as a lesson. Every text here is scrubbed; no field names the customer."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="teaching_case", verbose_name=_("complaint")
    )
    lesson = models.TextField(_("lesson"))
    required_for_year = models.PositiveSmallIntegerField(_("required reading in year"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)
    # Unmarked cases stay (with their history) but leave the library; marking again takes a new snapshot.
    unmarked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The snapshot, taken when marked: texts scrubbed, codes as codes, dates to the day.
    description = models.TextField(_("what happened"), blank=True, default="")
    desired_outcome = models.TextField(_("what the customer asked for"), blank=True, default="")
    findings = models.TextField(_("what was found"), blank=True, default="")
    plan_summary = models.TextField(_("resolution"), blank=True, default="")
    letter = models.TextField(_("letter sent"), blank=True, default="")
    redress = models.JSONField(_("redress"), default=list, blank=True)  # [{type, amount (a decimal string), currency}]
    outcome = models.CharField(_("outcome"), max_length=16, blank=True, default="")
    business = models.CharField(_("business line"), max_length=40, blank=True, default="")
    product = models.CharField(_("product"), max_length=40, blank=True, default="")
    reason = models.CharField(_("complaint reason"), max_length=40, blank=True, default="")
    root_cause = models.CharField(_("root cause"), max_length=40, blank=True, default="")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=12, blank=True, default="")
    received_on = models.DateField(_("received on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The lesson and the texts casefolded in one column, markers left out: a search for words is one
    # `contains` on it rather than a case-insensitive match on six columns (see `search_text`).
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["-marked_at", "-id"]
        verbose_name = _("teaching case")
        verbose_name_plural = _("teaching cases")
        indexes = [
            models.Index(fields=["business", "-marked_at"], name="case_business", condition=Q(unmarked_at=None)),
            models.Index(fields=["required_for_year"], name="case_required", condition=Q(required_for_year__gt=0)),
        ]

    def __str__(self) -> str:
        return f"case {self.pk}"

    def refresh_search_text(self) -> None:
        texts = (self.lesson, self.description, self.desired_outcome, self.findings, self.plan_summary, self.letter)
        self.search_text = search_text(*texts)


def search_text(*texts: str) -> str:
    """Texts as words are searched in: casefolded, the scrubber's markers left out (a search for "phone" must
    not find every case whose customer gave one)."""
    return "\n".join(MARKER.sub(" ", text or "") for text in texts).casefold()


class CaseChange(models.Model):
    """The history of a teaching case: marked, lesson changed, unmarked — never updated."""

    class Kind(models.TextChoices):
        MARKED = "marked", _("Marked as a teaching case")
        CHANGED = "changed", _("Lesson changed")
        UNMARKED = "unmarked", _("No longer a teaching case")

    case = models.ForeignKey(TeachingCase, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    lesson = models.TextField(blank=True, default="")  # the lesson as it is after the change
    required_for_year = models.PositiveSmallIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("teaching case change")
        verbose_name_plural = _("teaching case changes")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class ReadingConfirmation(models.Model):
    """A member of staff confirms having read a case or a guide; once a year is enough (and counts for it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(TeachingCase, null=True, blank=True, on_delete=models.PROTECT, related_name="readings")
    guide = models.ForeignKey(Guide, null=True, blank=True, on_delete=models.PROTECT, related_name="readings")
    year = models.PositiveSmallIntegerField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("reading confirmation")
        verbose_name_plural = _("reading confirmations")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, guide__isnull=True) | Q(case__isnull=True, guide__isnull=False),
                name="reading_one_item",
            ),
            models.UniqueConstraint(
                fields=["user", "case", "year"], condition=Q(case__isnull=False), name="reading_case_once"
            ),
            models.UniqueConstraint(
                fields=["user", "guide", "year"], condition=Q(guide__isnull=False), name="reading_guide_once"
            ),
        ]
        indexes = [models.Index(fields=["year", "user"], name="reading_year_user")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.case_id or self.guide_id}"
