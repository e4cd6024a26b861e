"""In-app notifications: what a person must look at, listed in the header and on /notifications/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """The in-app list of things a person must look at (a deadline warning or breach, a review request).

    Either about one complaint (`complaint` set, `items` empty), or a digest of the deadline sweep: one row
    per person, kind and sweep batch, whose `items` list every alert it stands for as
    [complaint reference, clock kind] pairs (`complaint` empty). The sweep writes one row per person and
    batch instead of one per clock and person: a row (and its index entries) fewer per alert."""

    # notification_unread (user, read_at) serves the user; nothing reads notifications by complaint.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+", db_index=False, null=True, blank=True
    )
    kind = models.CharField(max_length=40)
    # The words as written (older kinds, the sweep's digests). A hand-off stores none: its `params` fill the
    # kind's message (`notifications.kinds`) in the reader's language when it is read.
    message = models.CharField(max_length=500, blank=True, default="")
    params = models.JSONField(null=True, blank=True)
    # A digest's [reference, clock kind] pairs, in order; None for a notification about one complaint.
    items = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        # The table the deadlines app created before notifications had an app of their own.
        db_table = "deadlines_notification"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.message or self.params or ''}"


class Preference(models.Model):
    """How one person hears of one kind of hand-off: in the app, by e-mail, both or neither.

    No row: the kind's default (`kinds.HANDOFFS`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences", db_index=False
    )
    kind = models.CharField(max_length=40)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Recipient(models.Model):
    """The language a person's notification e-mails are written in (no row: the site's language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_recipient", primary_key=True
    )
    language = models.CharField(_("language of e-mails"), max_length=8)

    class Meta:
        verbose_name = _("notification language")
        verbose_name_plural = _("notification languages")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class UnreadReply(models.Model):
    """A customer wrote back on a complaint and its handler has not opened it since: the queue's marker.

    Written when the reply is threaded (for the assignee then); deleted when that person opens the complaint."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unread customer reply")
        verbose_name_plural = _("unread customer replies")
        constraints = [models.UniqueConstraint(fields=["user", "complaint"], name="unread_reply_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.complaint_id}"
