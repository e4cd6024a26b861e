"""What the notifications API takes (query strings) and answers, for the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.complaints.choices import Language
from redress.notifications.kinds import HANDOFFS
from redress.notifications.selectors import NOTIFICATIONS_PAGE_MAX, UNREAD_CAP


class NotificationsQuery(serializers.Serializer[Any]):
    unread = serializers.BooleanField(required=False, help_text="1: the unread only.")
    before = serializers.IntegerField(required=False, min_value=1, help_text="Older than this id (the next page).")
    limit = serializers.IntegerField(
        required=False, min_value=1, help_text=f"Default 50, at most {NOTIFICATIONS_PAGE_MAX}."
    )


class AlertOut(serializers.Serializer[Any]):
    reference = serializers.CharField(allow_null=True)
    clock = serializers.CharField(allow_null=True, help_text="The clock's kind; None: about the complaint.")


class NotificationOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(help_text="The kind's name, in the caller's language.")
    message = serializers.CharField(help_text="In the caller's language (a hand-off's words are filled in now).")
    complaint = serializers.CharField(allow_null=True, help_text="The reference; None for a digest.")
    alerts = AlertOut(many=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationsOut(serializers.Serializer[Any]):
    results = NotificationOut(many=True)
    next = serializers.CharField(allow_null=True, help_text="The path of the next page; None: the last page.")
    unread = serializers.IntegerField(help_text=f"Unread notifications, counted up to {UNREAD_CAP + 1}.")


class MarkedReadOut(serializers.Serializer[Any]):
    marked_read = serializers.IntegerField()


class PreferenceItem(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=list(HANDOFFS))
    kind_label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField()
    email = serializers.BooleanField()


class PreferencesOut(serializers.Serializer[Any]):
    preferences = PreferenceItem(many=True)
    language = serializers.CharField(allow_null=True, help_text="The language of the e-mails; None: the site's.")


class PreferencesIn(serializers.Serializer[Any]):
    preferences = PreferenceItem(many=True, required=False, help_text="The kinds to change; the others stay.")
    # The languages of the site, as the complaints name them (one enum in the schema).
    language = serializers.ChoiceField(
        choices=Language.choices, required=False, help_text="The language of the e-mails."
    )
