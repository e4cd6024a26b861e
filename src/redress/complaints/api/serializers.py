"""What the API takes: the input serializers (the answers are built in representation.py)."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from redress.accounts.models import User
from redress.complaints.choices import Channel, Jurisdiction, Language
from redress.complaints.services.registration import CustomerDetails, Registration


class _Input(serializers.Serializer[Any]):
    """DRF deep-copies every declared field into each new serializer, which was a large part of validating a
    registration. These input fields keep no state between requests (bind() sets attributes on the copy),
    so each serializer gets shallow copies instead."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {name: copy.copy(f) for name, f in self._declared_fields.items()}


class CustomerIn(_Input):
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(r"^\+?[0-9 ()\-]{5,24}$", required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs["phone"] or attrs["email"] or attrs["address"]):
            raise serializers.ValidationError(
                _("Give at least one way to reach the customer: phone, email or address.")
            )
        return attrs


class RegisterIn(_Input):
    channel = serializers.ChoiceField(choices=Channel.choices)
    customer = CustomerIn()
    description = serializers.CharField(max_length=50000)
    desired_outcome = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    product = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True, default="")
    named_staff = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    named_staff_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    call_recording_ref = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_named_staff(self, value: str) -> User | None:
        if not value:
            return None
        user = User.objects.filter(username=value).first()
        if user is None:
            raise serializers.ValidationError(_("No staff member with this username."))
        return user

    def to_registration(self) -> Registration:
        d = self.validated_data
        return Registration(
            channel=d["channel"],
            customer=CustomerDetails(**d["customer"]),
            description=d["description"],
            desired_outcome=d["desired_outcome"],
            product=d["product"],
            received_at=d["received_at"],
            jurisdiction=d["jurisdiction"],
            language=d["language"],
            named_staff=d["named_staff"],
            named_staff_text=d["named_staff_text"],
            call_recording_ref=d["call_recording_ref"],
        )
