"""What the intake API answers, for the schema (the webhook's body: adapters.social.SocialPayload)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.complaints.choices import Status


class SocialReceivedOut(serializers.Serializer[Any]):
    reference = serializers.CharField(help_text="The complaint the post was registered as (or already was).")
    created = serializers.BooleanField(help_text="False: the post was received before.")
    status = serializers.ChoiceField(choices=Status.choices)
    reply_text = serializers.CharField(help_text="What to answer in public.")
