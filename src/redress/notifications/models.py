"""In-app notifications: what a person must look at, listed in the header and on /notifications/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
    message = models.CharField(max_length=500)
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
        return f"{self.user_id}: {self.message}"
