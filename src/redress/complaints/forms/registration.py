"""Registration by staff (phone intake): everything the intake agent takes down."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import User
from redress.codes.forms import CodeChoiceField
from redress.complaints.choices import Channel, Jurisdiction, Language
from redress.complaints.forms.base import messages_of


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` input, read in the institution's time zone (settings.TIME_ZONE)."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str):
            value = value.strip()
            for fmt in self.input_formats:
                try:
                    naive = datetime.strptime(value, fmt)  # made aware just below
                except ValueError:
                    continue
                return timezone.make_aware(naive, ZoneInfo(settings.TIME_ZONE))
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        return super().prepare_value(value)


PHONE_PATTERN = r"^\+?[0-9 ()\-]{5,24}$"


class RegisterForm(forms.Form):
    """Everything a phone intake agent takes down (登记)."""

    customer_name = forms.CharField(label=_("Customer name"), max_length=200)
    customer_id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    customer_phone = forms.RegexField(
        label=_("Phone"),
        regex=PHONE_PATTERN,
        required=False,
        error_messages={"invalid": _("Enter a phone number: digits, spaces, brackets, dashes, an optional leading +.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    customer_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    customer_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    received_at = LocalDateTimeField(label=_("Received at"), required=False)
    call_recording_ref = forms.CharField(label=_("Call recording reference"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What the customer complains about"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    desired_outcome = forms.CharField(
        label=_("What the customer asks for"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    product = CodeChoiceField("product", label=_("Product"))
    forwarded_by_regulator = forms.BooleanField(label=_("Forwarded by a regulator"), required=False)
    narrative_consent = forms.BooleanField(
        label=_("The customer allows publishing what they wrote, personal details removed, in anonymous statistics"),
        required=False,
    )
    named_staff_text = forms.CharField(
        label=_("Staff member named by the customer"),
        max_length=200,
        required=False,
        help_text=_("As the customer said it, e.g. a name or a branch and a desk."),
    )
    named_staff = forms.CharField(
        label=_("Staff member's username"),
        max_length=150,
        required=False,
        help_text=_("If you know who it is. That person is kept from handling or approving the complaint."),
    )
    language = forms.ChoiceField(label=_("Customer's language"), choices=Language.choices)
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=Jurisdiction.choices)
    # Makes a repeated submission (a double click, the back button) register only once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("received_at", timezone.now().replace(second=0, microsecond=0))
            if settings.LANGUAGE_CODE in Language.values:
                self.initial.setdefault("language", settings.LANGUAGE_CODE)
            self.initial.setdefault("jurisdiction", settings.REDRESS_DEFAULT_JURISDICTION)
        self.named_staff_user: User | None = None

    def clean_named_staff(self) -> str:
        username = str(self.cleaned_data.get("named_staff") or "").strip()
        if username:
            self.named_staff_user = User.objects.filter(username=username).first()
            if self.named_staff_user is None:
                raise ValidationError(_("No staff member with this username."), code="unknown_user")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contacts = ("customer_phone", "customer_email", "customer_address")
        if not any(data.get(f) for f in contacts) and not any(f in self.errors for f in contacts):
            raise ValidationError(
                _("Give at least one way to reach the customer: phone, email or address."),
                code="no_contact",
            )
        return data

    def apply_errors(self, detail: Any) -> None:
        if not isinstance(detail, dict):
            self.add_error(None, messages_of(detail))
            return
        for key, value in detail.items():
            self.add_error(key if key in self.fields else None, messages_of(value))
