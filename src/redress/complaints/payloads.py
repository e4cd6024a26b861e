"""What the actions accept (each action's spec names its serializer). One validation for the API and the pages alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from redress.codes.fields import CodeField
from redress.complaints.choices import (
    CURRENCY_EXPONENT,
    ContactChannel,
    NotifyChannel,
    Outcome,
    RedressType,
    Satisfaction,
)
from redress.deadlines.models import PauseReason
from redress.triage.flags import ordered_flags
from redress.triage.taxonomy import FLAGS


def _reason(required: bool = True) -> serializers.CharField:
    return serializers.CharField(max_length=4000, required=required, allow_blank=not required, trim_whitespace=True)


class Empty(serializers.Serializer[Any]):
    pass


class TriagePayload(serializers.Serializer[Any]):
    business = CodeField("business", required=False, allow_blank=True, default="")
    product = CodeField("product", required=False, allow_blank=True)
    reason = CodeField("reason", required=False, allow_blank=True)
    urgent = serializers.BooleanField(
        required=False,
        help_text=_("Not given: urgent when a flag is set and it is a complaint."),
    )
    is_complaint = serializers.BooleanField(required=False, default=True)
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=FLAGS),
        required=False,
        max_length=50,
        help_text=_("The flags that apply (codes; empty: none); not given: the complaint's stay."),
    )

    def validate_flags(self, value: list[str]) -> list[str]:
        return ordered_flags(value)


class ReasonPayload(serializers.Serializer[Any]):
    reason = _reason()


class HoldPayload(serializers.Serializer[Any]):
    reason = _reason()
    pause_reason = serializers.ChoiceField(
        choices=PauseReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only the clocks that honour this reason stop (regulatory clocks: the policy's own reasons)."),
    )


class OptionalReasonPayload(serializers.Serializer[Any]):
    reason = _reason(required=False)


class MergePayload(serializers.Serializer[Any]):
    into = serializers.CharField(max_length=32)


class AssignPayload(serializers.Serializer[Any]):
    assignee = serializers.CharField(max_length=150)
    department = serializers.CharField(max_length=40, required=False, allow_blank=True)


class RedressItemPayload(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=RedressType.choices)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=Decimal("0"), default=Decimal("0"))
    currency = serializers.CharField(min_length=3, max_length=3)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_currency(self, value: str) -> str:
        code = value.upper()
        if code not in CURRENCY_EXPONENT:
            raise serializers.ValidationError(_("Unknown or unsupported currency code."))
        return code

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        amount: Decimal = attrs["amount"]
        exponent = CURRENCY_EXPONENT[attrs["currency"]]
        if amount != amount.quantize(Decimal(1).scaleb(-exponent)):
            raise serializers.ValidationError({"amount": _("Too many decimal places for this currency.")})
        if attrs["type"] != RedressType.NON_MONETARY and amount <= 0:
            raise serializers.ValidationError({"amount": _("A monetary redress item needs an amount above zero.")})
        if amount > settings.REDRESS_MAX_REDRESS_AMOUNT:
            raise serializers.ValidationError(
                {
                    "amount": _("Above the largest redress amount allowed (%(max)s).")
                    % {"max": settings.REDRESS_MAX_REDRESS_AMOUNT}
                }
            )
        return attrs


class ClassifyPayload(serializers.Serializer[Any]):
    """The complaint's codes; only the ones given change."""

    business = CodeField("business", required=False)
    product = CodeField("product", required=False, allow_blank=True)
    reason = CodeField("reason", required=False)
    root_cause = CodeField("root_cause", required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give at least one of business line, product, reason, root cause."))
        return attrs


class ProposeResolutionPayload(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    # The complaint's reason and root cause: required here unless the complaint has them already.
    reason = CodeField("reason", required=False)
    root_cause = CodeField("root_cause", required=False)
    summary = serializers.CharField(max_length=20000)
    redress = RedressItemPayload(many=True, required=False, default=list)
    improvements = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list, max_length=50
    )

    def validate_redress(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        currencies = {item["currency"] for item in items}
        if len(currencies) > 1:
            raise serializers.ValidationError(_("All redress items of one plan must be in one currency."))
        if sum((item["amount"] for item in items), Decimal(0)) > settings.REDRESS_MAX_REDRESS_AMOUNT:
            raise serializers.ValidationError(
                _("The plan's total is above the largest redress amount allowed (%(max)s).")
                % {"max": settings.REDRESS_MAX_REDRESS_AMOUNT}
            )
        return items


class RevisePayload(ProposeResolutionPayload):
    reason = _reason()  # type: ignore[assignment]  # why the plan changes (codes change through `classify`)
    root_cause = None  # type: ignore[assignment]


class ApprovePayload(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


CALL_OUTCOMES = [
    ("reached", _("Customer reached and told")),
    ("left_message", _("Message left; letter sent for the file")),
    ("no_answer", _("No answer")),
]


class NotifyPayload(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=NotifyChannel.choices)
    letter = serializers.CharField(
        max_length=50000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The letter as edited by the handler; empty for the template's text."),
    )
    call_outcome = serializers.ChoiceField(choices=CALL_OUTCOMES, required=False, allow_blank=True, default="")
    call_summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["channel"] == "phone":
            if not attrs.get("call_summary"):
                raise serializers.ValidationError({"call_summary": _("Say what you told the customer on the phone.")})
            attrs["call_outcome"] = attrs.get("call_outcome") or "reached"
        return attrs


class ResolveSummarilyPayload(NotifyPayload):
    summary = serializers.CharField(max_length=20000, help_text=_("How the complaint was resolved."))
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True, default="")


class RetryLetterPayload(serializers.Serializer[Any]):
    letter = serializers.IntegerField(min_value=1, help_text=_("The letter whose delivery failed."))


class SatisfactionPayload(serializers.Serializer[Any]):
    result = serializers.ChoiceField(choices=Satisfaction.choices)
    score = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True, default=None)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class PaymentPayload(serializers.Serializer[Any]):
    item = serializers.IntegerField(min_value=1, help_text=_("The redress item (its id in the resolution)."))
    payment_reference = serializers.CharField(max_length=120)
    paid_on = serializers.DateField(required=False, allow_null=True, default=None)


class NotePayload(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=20000)


class ContactPayload(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    summary = serializers.CharField(max_length=20000)
    direction = serializers.ChoiceField(choices=[("in", "in"), ("out", "out")], required=False, default="out")
