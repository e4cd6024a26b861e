"""What the retention API takes and answers (for the schema and the shape tests)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.retention.models import IdentityKind


class HoldIn(serializers.Serializer[Any]):
    complaint = serializers.CharField(max_length=32, help_text="The complaint's reference.")
    reason = serializers.CharField(max_length=2000, help_text="Why the record must be kept (a claim, an inquiry).")


class ReasonIn(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class NoteIn(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ErasureRequestIn(serializers.Serializer[Any]):
    identity_kind = serializers.ChoiceField(choices=IdentityKind.choices)
    identity_value = serializers.CharField(max_length=200, help_text="The customer's phone, e-mail or ID number.")
    reason = serializers.CharField(max_length=2000, help_text="The customer's request as made (date, channel).")


class HoldOut(serializers.Serializer[Any]):
    complaint = serializers.CharField()
    reason = serializers.CharField()
    set_by = serializers.CharField()
    set_at = serializers.DateTimeField()


class HoldClearedOut(serializers.Serializer[Any]):
    complaint = serializers.CharField()
    held = serializers.BooleanField(help_text="Always false: the hold is cleared.")


class HoldsOut(serializers.Serializer[Any]):
    results = HoldOut(many=True)


class KeptOut(serializers.Serializer[Any]):
    reference = serializers.CharField()
    why = serializers.ChoiceField(choices=["legal_hold", "open", "record_keeping"])
    until = serializers.DateField(allow_null=True)


class ErasureRequestOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    identity_kind = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "done", "refused", "rejected"])
    requested_by = serializers.CharField()
    requested_at = serializers.DateTimeField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    erased = serializers.ListField(child=serializers.CharField())
    kept = KeptOut(many=True)


class ErasureRequestsOut(serializers.Serializer[Any]):
    results = ErasureRequestOut(many=True)
